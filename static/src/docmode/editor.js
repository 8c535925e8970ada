// The entry esbuild bundles into static/vendor/codemirror/docmode-editor.js
// (`make vendor-codemirror`). It only assembles CodeMirror 6; the page's behaviour
// (checking, preview, saving) is in static/js/docmode.js, which calls window.DocmodeEditor.
import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  syntaxHighlighting, defaultHighlightStyle, bracketMatching, LanguageSupport,
} from "@codemirror/language";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { yamlFrontmatter } from "@codemirror/lang-yaml";
import { linter, lintGutter, forceLinting, setDiagnostics } from "@codemirror/lint";

// Markdown with a YAML metadata block at the top (docs/article-format.md).
function articleLanguage() {
  const body = markdown({ base: markdownLanguage });
  return yamlFrontmatter({ content: body });
}

// Options: parent (element), doc (text), label (accessible name), readOnly, nonce,
// check(text) -> Promise<[{line, message, severity}]>, delay (ms), onChange(text),
// onSave(), onEscape().
function create(options) {
  const extensions = [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    bracketMatching(),
    highlightActiveLine(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    articleLanguage(),
    EditorView.lineWrapping,
    lintGutter(),
    linter(async (view) => {
      const text = view.state.doc.toString();
      const found = await options.check(text);
      if (found === null || view.state.doc.toString() !== text) return [];
      return found.map((problem) => {
        const number = Math.min(Math.max(problem.line || 1, 1), view.state.doc.lines);
        const line = view.state.doc.line(number);
        return {
          from: line.from,
          to: line.to,
          severity: problem.severity || "error",
          message: problem.message,
          source: "line " + problem.line,
        };
      });
    }, { delay: options.delay || 400 }),
    keymap.of([
      { key: "Mod-s", preventDefault: true, run: () => { options.onSave(); return true; } },
      { key: "Escape", run: () => { options.onEscape(); return true; } },
      ...defaultKeymap,
      ...historyKeymap,
    ]),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) options.onChange(update.state.doc.toString());
    }),
    EditorView.contentAttributes.of({ "aria-label": options.label || "Document" }),
    EditorState.readOnly.of(!!options.readOnly),
    EditorView.editable.of(!options.readOnly),
  ];
  if (options.nonce) extensions.push(EditorView.cspNonce.of(options.nonce));
  const view = new EditorView({
    state: EditorState.create({ doc: options.doc, extensions }),
    parent: options.parent,
  });
  return view;
}

window.DocmodeEditor = { create, forceLinting, setDiagnostics, EditorView, LanguageSupport, indentWithTab };

// Writes static/vendor/codemirror/LICENSES.txt: the licence of every package whose code
// the bundle holds (all of node_modules except the build tool, esbuild), with versions.
const fs = require("fs");
const path = require("path");
const root = path.join(__dirname, "node_modules");
const names = [];
for (const entry of fs.readdirSync(root)) {
  if (entry.startsWith(".")) continue;
  if (entry.startsWith("@")) {
    for (const sub of fs.readdirSync(path.join(root, entry))) names.push(entry + "/" + sub);
  } else names.push(entry);
}
const parts = [];
for (const name of names.sort()) {
  if (name === "esbuild" || name.startsWith("@esbuild/")) continue;
  const dir = path.join(root, name);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const file = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  const text = file ? fs.readFileSync(path.join(dir, file), "utf8").trim() : "(no licence file; package.json says " + meta.license + ")";
  parts.push("== " + name + " " + meta.version + " (" + meta.license + ") ==\n\n" + text + "\n");
}
fs.writeFileSync(path.join(__dirname, "../../vendor/codemirror/LICENSES.txt"), parts.join("\n"));

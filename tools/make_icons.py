"""Draw the PNG icons (favicon, touch icons) from static/icons/favicon.svg with Debian's
Chromium, so they are the same picture as the SVG. Run it after changing the SVG and commit
the PNGs: `.venv/bin/python tools/make_icons.py` (make icons)."""

from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
# name -> (size in pixels, transparent): iOS paints a touch icon's transparent corners
# black, so it gets a white background.
SIZES = {
    "favicon-32.png": (32, True),
    "apple-touch-icon.png": (180, False),
    "icon-192.png": (192, True),
    "icon-512.png": (512, True),
}


def main() -> None:
    svg = (ICONS / "favicon.svg").read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for name, (size, transparent) in SIZES.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(
                "<style>html,body{margin:0;background:"
                + ("transparent" if transparent else "#fff")
                + "}svg{display:block;"
                f"width:{size}px;height:{size}px}}</style>{svg}"
            )
            page.screenshot(path=str(ICONS / name), omit_background=transparent)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()

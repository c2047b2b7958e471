// WCAG 2.1 contrast of the palette in app.css (high contrast for sunlight):
// text pairs need 4.5:1 (AA), focus rings and borders of controls 3:1.
import { describe, expect, it } from "vitest";
import css from "../../app.css?raw";

function palette(source: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const m of source.matchAll(/--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})\s*;/g)) {
    vars[m[1]!] = m[2]!;
  }
  return vars;
}

function luminance(hex: string): number {
  let h = hex.slice(1);
  if (h.length === 3) h = [...h].map((c) => c + c).join("");
  const channel = (i: number) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe("palette contrast", () => {
  const p = palette(css);
  const white = "#fff";
  const get = (name: string) => {
    const v = p[name];
    if (!v) throw new Error(`app.css has no --${name}`);
    return v;
  };

  it("computes the WCAG ratio", () => {
    expect(contrast("#000", "#fff")).toBeCloseTo(21, 5);
    expect(contrast("#777", "#fff")).toBeCloseTo(4.48, 2);
  });

  it.each([
    ["text", white],
    ["muted-text", white],
    ["danger", white],
    ["ok", white],
    ["accent", white],
    ["text", "row-hover"],
  ])("--%s 7:1 on %s (beyond AA 4.5:1, for sunlight)", (fg, bg) => {
    const ratio = contrast(get(fg), bg.startsWith("#") ? bg : get(bg));
    expect(ratio).toBeGreaterThanOrEqual(7);
  });

  it("the header's text on the accent reaches 7:1", () => {
    expect(contrast(get("accent-text"), get("accent"))).toBeGreaterThanOrEqual(7);
  });

  it("focus rings and control borders stand out (3:1) on white and on the header", () => {
    expect(contrast(get("focus"), white)).toBeGreaterThanOrEqual(3);
    expect(contrast(get("border"), white)).toBeGreaterThanOrEqual(3);
    expect(contrast(get("focus-on-accent"), get("accent"))).toBeGreaterThanOrEqual(3);
  });
});

// A screen's heading takes the focus when the screen opens, so keyboard and
// screen-reader users start at its title instead of wherever the last
// screen's button was.
export function focusOnOpen(node: HTMLElement): void {
  node.focus();
}

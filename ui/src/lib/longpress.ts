// A deliberate press: `done` runs once a pointer (or Enter/Space) is held
// for `ms`; letting go earlier does nothing. Hand-over's "give back" and
// quick hide's way back use it, so a stray tap never leaves either screen.
export function longPress(done: () => void, ms = 1500) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const start = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      done();
    }, ms);
  };
  const end = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const isHoldKey = (event: KeyboardEvent) => event.key === "Enter" || event.key === " ";
  return {
    onpointerdown: start,
    onpointerup: end,
    onpointerleave: end,
    onpointercancel: end,
    onkeydown: (event: KeyboardEvent) => {
      if (!isHoldKey(event)) return;
      event.preventDefault();
      if (!event.repeat) start();
    },
    onkeyup: (event: KeyboardEvent) => {
      if (isHoldKey(event)) end();
    },
    oncontextmenu: (event: Event) => event.preventDefault(),
  };
}

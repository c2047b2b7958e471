// Following an event the core pushes (`events.*` in bindings.ts, forwarded
// by the shell from `app::App::subscribe`), for as long as a component lives.

/** An event of bindings.ts, as far as following it needs. */
export type CoreEvent<T> = {
  listen: (cb: (event: { payload: T }) => void) => Promise<() => void>;
};

/**
 * Calls `show` with each payload of `event` until the returned function is
 * called (return it from `onMount`, so the listener ends with the component,
 * even when it ends before listening has begun).
 */
export function follow<T>(event: CoreEvent<T>, show: (payload: T) => void): () => void {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  void event
    .listen((e) => {
      if (!stopped) show(e.payload);
    })
    .then((stop) => {
      if (stopped) stop();
      else unlisten = stop;
    });
  return () => {
    stopped = true;
    unlisten?.();
  };
}

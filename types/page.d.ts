// What the page's scripts find on `window` that no module of ours defines.

interface Window {
  /** mkdocs-material's document observable: emits on the first load and on every instant navigation. */
  document$?: { subscribe(next: () => void): unknown };
}

// Short messages at the bottom of the window. Text is a function so a toast
// follows a language switch; an optional action (Undo) runs once.

export type ToastKind = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  text: () => string;
  /** A second line, e.g. the warning about cut cells after an export. */
  detail?: () => string;
  action?: { label: () => string; run: () => void | Promise<void> };
  /** Milliseconds before it hides by itself (paused while hovered). */
  timeout: number;
  /** A new toast with the same key replaces the old one (e.g. repeated "Saved"). */
  key?: string;
}

const MAX_SHOWN = 3;
let nextId = 1;

class Toasts {
  items = $state<Toast[]>([]);

  show(text: () => string, opts: Partial<Omit<Toast, 'id' | 'text'>> = {}): number {
    const kind = opts.kind ?? 'info';
    const toast: Toast = {
      id: nextId++,
      kind,
      text,
      detail: opts.detail,
      action: opts.action,
      timeout: opts.timeout ?? (opts.action || kind === 'error' || opts.detail ? 8000 : 4500),
      key: opts.key,
    };
    const others = toast.key === undefined ? this.items : this.items.filter((x) => x.key !== toast.key);
    this.items = [...others, toast].slice(-MAX_SHOWN);
    return toast.id;
  }

  success(text: () => string, opts: Partial<Omit<Toast, 'id' | 'text' | 'kind'>> = {}): number {
    return this.show(text, { ...opts, kind: 'success' });
  }

  error(text: () => string, opts: Partial<Omit<Toast, 'id' | 'text' | 'kind'>> = {}): number {
    return this.show(text, { ...opts, kind: 'error' });
  }

  dismiss(id: number): void {
    this.items = this.items.filter((x) => x.id !== id);
  }

  /** Hides the toast with this key, if shown (e.g. an Undo that no longer applies). */
  dismissKey(key: string): void {
    this.items = this.items.filter((x) => x.key !== key);
  }
}

export const toasts = new Toasts();

/** The key of the "moved to trash — Undo" toast of a customer. */
export function undoKey(customerId: number): string {
  return `undo-${customerId}`;
}

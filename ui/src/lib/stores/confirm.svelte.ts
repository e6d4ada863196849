// An in-app confirmation dialog (never window.confirm): `ask()` opens it and
// resolves true for OK, false for Cancel / Esc / clicking outside.

export interface ConfirmRequest {
  title: string;
  message: string;
  ok: string;
  cancel: string;
  /** Red OK button for destructive actions; Cancel then has the focus. */
  danger?: boolean;
}

class Confirmer {
  request = $state<ConfirmRequest | null>(null);
  #resolve: ((ok: boolean) => void) | null = null;

  ask(req: ConfirmRequest): Promise<boolean> {
    this.#resolve?.(false);
    this.request = req;
    return new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  answer(ok: boolean): void {
    const resolve = this.#resolve;
    this.#resolve = null;
    this.request = null;
    resolve?.(ok);
  }

  get open(): boolean {
    return this.request !== null;
  }
}

export const confirmer = new Confirmer();

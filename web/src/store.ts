// Which leap table the pages compute with: the built-in one or a file the user loaded.
// A page reads `leapStore.table` and listens for "change" to follow the user's choice.
import { LeapTable } from "../../src/mod.ts";

export type TableChoice = "builtin" | "loaded";

class LeapStore extends EventTarget {
  readonly builtin: LeapTable = LeapTable.builtin();
  #loaded: { table: LeapTable; name: string } | undefined;
  #choice: TableChoice = "builtin";

  /** The last file that verified, if any. */
  get loaded(): { table: LeapTable; name: string } | undefined {
    return this.#loaded;
  }
  get choice(): TableChoice {
    return this.#loaded ? this.#choice : "builtin";
  }
  /** The table to compute with. */
  get table(): LeapTable {
    return this.choice === "loaded" ? this.#loaded!.table : this.builtin;
  }
  get tableName(): string {
    return this.choice === "loaded" ? this.#loaded!.name : "built-in table";
  }

  setLoaded(loaded: { table: LeapTable; name: string } | undefined): void {
    this.#loaded = loaded;
    this.#emit();
  }
  choose(choice: TableChoice): void {
    this.#choice = choice;
    this.#emit();
  }
  #emit(): void {
    this.dispatchEvent(new Event("change"));
  }
}

export const leapStore = new LeapStore();

/** Re-renders a Lit host whenever the store changes: `new LeapStoreController(this)`. */
export class LeapStoreController {
  readonly #host: { addController(c: unknown): void; requestUpdate(): void };
  readonly #onChange = () => this.#host.requestUpdate();
  constructor(host: { addController(c: LeapStoreController): void; requestUpdate(): void }) {
    this.#host = host as { addController(c: unknown): void; requestUpdate(): void };
    host.addController(this);
  }
  hostConnected(): void {
    leapStore.addEventListener("change", this.#onChange);
  }
  hostDisconnected(): void {
    leapStore.removeEventListener("change", this.#onChange);
  }
}

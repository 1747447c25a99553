/**
 * Builds a page's bridge object from its contract (../ipc-contract.ts): each call becomes
 * an invoke or a send on its channel, each event a subscription that returns its
 * unsubscribe function. Pure apart from the ipcRenderer it is given, so bridge.test.ts
 * covers it with a fake; bundled into the sandboxed preload (no packages, no Node).
 */
import type { BridgeContract, ContractEntry } from '../ipc-contract';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function method(ipc: IpcRendererLike, entry: ContractEntry): (...args: unknown[]) => unknown {
  switch (entry.kind) {
    case 'invoke':
      return (...args) => ipc.invoke(entry.channel, ...args);
    case 'send':
      return (...args) => void ipc.send(entry.channel, ...args);
    case 'event':
      return (callback) => {
        if (typeof callback !== 'function') throw new TypeError('expected a callback');
        // The page's callback gets the payload only: never the IpcRendererEvent (its
        // `sender` is ipcRenderer itself).
        const listener = (_event: unknown, payload: unknown) => void callback(payload);
        ipc.on(entry.channel, listener);
        return () => void ipc.removeListener(entry.channel, listener);
      };
  }
}

/**
 * The bridge for contract C. Every method of B has an entry in the contract
 * (BridgeContract is exhaustive), and each entry's kind matches the method's type, so the
 * object built here has B's shape; the assertion records what the loop cannot express.
 */
export function buildBridge<B>(ipc: IpcRendererLike, contract: BridgeContract<B>): B {
  const bridge: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(contract) as Array<[string, ContractEntry]>) {
    bridge[name] = method(ipc, entry);
  }
  return bridge as B;
}

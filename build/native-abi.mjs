/**
 * What runtime a native Node module can load in, read from its bytes. A Node-API module
 * (better-sqlite3 13+) exports `napi_register_module_v1` and loads in any Node or Electron
 * that offers its Node-API version; a module built against one runtime's headers exports
 * `node_register_module_v<ABI>` and loads only there. The names are in the symbol table of an
 * ELF, Mach-O (with a leading `_`) or PE file alike, so no loader or platform tool is needed,
 * and a Windows or macOS binary can be checked on Linux.
 */
import { readFileSync } from 'node:fs';
import { getAbi } from 'node-abi';

const ABI_SYMBOL = /node_register_module_v(\d+)/g;
const NODE_API_SYMBOL = 'napi_register_module_v1';

/** The ABIs a binary declares (usually one), ascending; [] when it declares none. */
export function moduleAbis(bytes) {
  const text = Buffer.from(bytes).toString('latin1');
  const found = new Set();
  for (const match of text.matchAll(ABI_SYMBOL)) found.add(Number(match[1]));
  return [...found].sort((a, b) => a - b);
}

/** True when the binary registers itself through Node-API (ABI-stable). */
export function isNodeApiModule(bytes) {
  return Buffer.from(bytes).includes(NODE_API_SYMBOL, 0, 'latin1');
}

/** Electron's NODE_MODULE_VERSION for a version such as "45.4.1" (node-abi's table). */
export function electronAbi(version) {
  return Number(getAbi(version, 'electron'));
}

/**
 * `{ ok: true, nodeApi: true }` for a Node-API module (it loads in `expected.runtime` whatever
 * its ABI), `{ ok: true, abi }` for one built for `expected.abi`, else `{ ok: false, message }`
 * saying what it was built for. `expected.runtime` names the runtime ("Electron 45.4.1").
 */
export function checkModuleAbi(file, expected) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return { ok: false, message: `cannot read ${file} (${err.code ?? err.message})` };
  }
  const abis = moduleAbis(bytes);
  if (abis.length === 0 && isNodeApiModule(bytes)) return { ok: true, nodeApi: true };
  if (abis.length === 1 && abis[0] === expected.abi) return { ok: true, abi: expected.abi };
  const built =
    abis.length === 0
      ? `declares neither ${NODE_API_SYMBOL} (Node-API) nor node_register_module_v<ABI> (not a Node native module?)`
      : `is built for ABI ${abis.join(', ')}`;
  return {
    ok: false,
    abis,
    message: `${file} ${built}, but ${expected.runtime} needs a Node-API module or ABI ${expected.abi}`,
  };
}

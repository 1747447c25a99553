/**
 * Which ABI a native Node module was built for, read from its bytes, and whether that is the
 * ABI of the runtime that will load it. A module built against Node's or Electron's headers
 * (not N-API) exports `node_register_module_v<ABI>`: the name is in the symbol table of an ELF,
 * Mach-O (with a leading `_`) or PE file alike, so no loader or platform tool is needed, and a
 * Windows or macOS binary can be checked on Linux.
 */
import { readFileSync } from 'node:fs';
import { getAbi } from 'node-abi';

const SYMBOL = /node_register_module_v(\d+)/g;

/** The ABIs a binary declares (usually one), ascending; [] when it declares none. */
export function moduleAbis(bytes) {
  const text = Buffer.from(bytes).toString('latin1');
  const found = new Set();
  for (const match of text.matchAll(SYMBOL)) found.add(Number(match[1]));
  return [...found].sort((a, b) => a - b);
}

/** Electron's NODE_MODULE_VERSION for a version such as "45.4.1" (node-abi's table). */
export function electronAbi(version) {
  return Number(getAbi(version, 'electron'));
}

/**
 * `{ ok: true }` when the binary at `file` is built for `expected.abi`, else `{ ok: false,
 * message }` saying what it was built for and what to do. `expected.runtime` names the runtime
 * for the message ("Electron 45.4.1").
 */
export function checkModuleAbi(file, expected) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return { ok: false, message: `cannot read ${file} (${err.code ?? err.message})` };
  }
  const abis = moduleAbis(bytes);
  if (abis.length === 1 && abis[0] === expected.abi) return { ok: true, abi: expected.abi };
  const built =
    abis.length === 0
      ? 'declares no node_register_module_v<ABI> symbol (not a Node native module?)'
      : `is built for ABI ${abis.join(', ')}`;
  return {
    ok: false,
    abis,
    message: `${file} ${built}, but ${expected.runtime} needs ABI ${expected.abi}`,
  };
}

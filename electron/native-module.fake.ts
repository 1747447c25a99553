/** Test stand-in for a native Node module: binary noise around the symbol that names its ABI. */
export function abiFixture(abi: number, prefix = ''): Buffer {
  return Buffer.concat([
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
    Buffer.alloc(256, 0),
    // Mach-O spells exported symbols with a leading `_` (prefix).
    Buffer.from(`${prefix}node_register_module_v${abi}\0napi_module_register\0`, 'latin1'),
    Buffer.alloc(256, 0xcc),
  ]);
}

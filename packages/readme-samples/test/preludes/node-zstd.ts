// packages/core/README.md, "Your own codec": zstd exists in node:zlib from Node 22.15;
// the workspace typechecks against Node 20's types, which do not declare it.
declare module 'node:zlib' {
  function zstdCompressSync(data: Uint8Array): Buffer;
  function zstdDecompressSync(data: Uint8Array): Buffer;
}

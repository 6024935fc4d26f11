/**
 * The part of the WebAssembly global the dry run uses (TypeScript declares WebAssembly only in the
 * DOM library, which a Node project does not load).
 */
declare namespace WebAssembly {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an opaque compiled module
  interface Module {}
  function compile(bytes: Uint8Array): Promise<Module>;
}

// Declares, for emcc's link step only, the functions the module imports from
// its host. No JS of this file is shipped: the loader in js-glue/ provides them.
mergeInto(LibraryManager.library, {
  random_fill: function () {},
  now_ms: function () {},
});

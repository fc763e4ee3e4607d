# Every dependency through pkg-config, gathered in one interface target.
find_package(PkgConfig REQUIRED)
pkg_check_modules(KG_DEPS REQUIRED IMPORTED_TARGET
  redland raptor2 rasqal libcgraph libgvc libutf8proc nettle libmicrohttpd igraph
  libcurl)
add_library(kg_deps INTERFACE)
# libm: viz/ scales pen widths (sqrt, log); with the static libkg the
# tests must link it themselves.
target_link_libraries(kg_deps INTERFACE PkgConfig::KG_DEPS m)
add_library(kg::deps ALIAS kg_deps)

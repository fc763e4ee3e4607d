# Every dependency through pkg-config, gathered in one interface target.
find_package(PkgConfig REQUIRED)
pkg_check_modules(KG_DEPS REQUIRED IMPORTED_TARGET
  redland raptor2 rasqal libcgraph libgvc libutf8proc nettle libmicrohttpd igraph
  libcurl)
add_library(kg_deps INTERFACE)
# libm: viz/ scales pen widths (sqrt, log); with the static libkg the
# tests must link it themselves.
# libdb: graph/bulk.c writes librdf's Berkeley DB files of a new store
# itself (libdb-dev; librdf's BDB hashes already depend on it).
find_path(KG_DB_INCLUDE db.h REQUIRED)
find_library(KG_DB_LIB NAMES db-5.3 db REQUIRED)
target_include_directories(kg_deps INTERFACE ${KG_DB_INCLUDE})
target_link_libraries(kg_deps INTERFACE PkgConfig::KG_DEPS ${KG_DB_LIB} m)
add_library(kg::deps ALIAS kg_deps)

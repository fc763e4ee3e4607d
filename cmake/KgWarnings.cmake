# Warnings of the house style; errors with KG_WERROR (CI).
function(kg_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes
    -Wno-unused-parameter $<$<BOOL:${KG_WERROR}>:-Werror>)
endfunction()

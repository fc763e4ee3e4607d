# KG_SANITIZE=address,undefined instruments everything built here.
if(KG_SANITIZE)
  add_compile_options(-fsanitize=${KG_SANITIZE} -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=${KG_SANITIZE})
endif()

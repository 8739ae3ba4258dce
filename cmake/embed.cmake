# qufa_embed(OUTPUT_C SYMBOL FILE...): compile text files into a C array table so the
# library carries its own schema and Lua sources (no runtime file lookups).
set(QUFA_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/embed_run.cmake")
function(qufa_embed out_c symbol)
  set(files ${ARGN})
  add_custom_command(
    OUTPUT ${out_c}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out_c} -DSYMBOL=${symbol} "-DFILES=${files}"
            -P ${QUFA_EMBED_SCRIPT}
    DEPENDS ${files} ${QUFA_EMBED_SCRIPT}
    COMMENT "Embedding ${symbol}"
    VERBATIM)
endfunction()

# Writes one man page from a program's --help with help2man; run at build time
# by packaging/install.cmake (cmake -P). Variables:
#   HELP2MAN, PROGRAM, NAME, DESCRIPTION (the NAME line), VERSION, OUTPUT
#   INCLUDE      an .h2m file of extra sections (FILES, SEE ALSO, ...)
#   SUBCOMMANDS  ON: each subcommand's --help goes into a COMMANDS section
#   MODEL_PATHS  '|'-separated build-machine paths of the bundled model: the
#                help prints the default model, and an installed program's is
#                share/stylemix/avatars64.safetensors beside its bin folder.
cmake_minimum_required(VERSION 3.18)
foreach(var HELP2MAN PROGRAM NAME DESCRIPTION VERSION OUTPUT INCLUDE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "man_page.cmake: ${var} is not set")
  endif()
endforeach()

get_filename_component(work_dir "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${work_dir}")
set(includes --include "${INCLUDE}")

# roff: a backslash written as \e, and a line starting with . or ' escaped with \&.
function(roff_escape text out_var)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

if(SUBCOMMANDS)
  execute_process(COMMAND "${PROGRAM}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} --help failed (${rc})")
  endif()
  # CLI11 lists them under "SUBCOMMANDS:" (or "Subcommands:"), one per line, indented.
  string(REGEX MATCH "[Ss][Uu][Bb][Cc][Oo][Mm][Mm][Aa][Nn][Dd][Ss]:\n(  [^\n]*\n)+" section "${help}")
  string(REGEX MATCHALL "\n  [a-z][a-z0-9_-]*" names "${section}")
  set(commands "[COMMANDS]\n")
  foreach(name IN LISTS names)
    string(STRIP "${name}" name)
    execute_process(COMMAND "${PROGRAM}" ${name} --help OUTPUT_VARIABLE sub_help RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${PROGRAM} ${name} --help failed (${rc})")
    endif()
    roff_escape("${sub_help}" sub_help)
    string(APPEND commands ".SS ${name}\n.nf\n${sub_help}.fi\n")
  endforeach()
  if(NOT names)
    message(FATAL_ERROR "man_page.cmake: no subcommands found in ${PROGRAM} --help:\n${help}")
  endif()
  file(WRITE "${work_dir}/${NAME}.commands.h2m" "${commands}")
  list(APPEND includes --include "${work_dir}/${NAME}.commands.h2m")
endif()

execute_process(
  COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --section=1
          "--name=${DESCRIPTION}" "--version-string=${VERSION}" ${includes}
          "--output=${OUTPUT}.tmp" "${PROGRAM}"
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed on ${PROGRAM} (${rc}): ${err}")
endif()

file(READ "${OUTPUT}.tmp" page)
# The help's usage lines name the program by the path it ran as: the build tree's.
string(REPLACE "-" "\\-" escaped_program "${PROGRAM}")
string(REPLACE "${escaped_program}" "${NAME}" page "${page}")
string(REPLACE "${PROGRAM}" "${NAME}" page "${page}")
string(REPLACE "|" ";" model_paths "${MODEL_PATHS}")
foreach(path IN LISTS model_paths)
  if(path)
    # help2man escapes '-' in the text it copies.
    string(REPLACE "-" "\\-" escaped "${path}")
    foreach(p IN ITEMS "${escaped}" "${path}")
      string(REPLACE "${p}" "PREFIX/share/stylemix/avatars64.safetensors" page "${page}")
    endforeach()
  endif()
endforeach()
file(WRITE "${OUTPUT}" "${page}")
file(REMOVE "${OUTPUT}.tmp")

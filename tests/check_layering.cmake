# The layering rules the build enforces (run by ctest as `layering`):
#   - torch-free code (model/core, model/io, the planner, the families'
#     *_config, *_file and *_tf_import readers, *_execution switches, raw_check,
#     family_reader, kwargs_reader, gui/, the CLI's
#     torch-free front) never includes LibTorch (torch/, ATen/, c10/);
#   - model/ never includes GL, GLFW or ImGui;
#   - gui/ reaches the model only through model/core and model/io;
#   - model/core (types every layer shares) never includes nets, engine or
#     kernels, and model/io (files) never includes core, nets, engine or kernels
#     (except model/core/image.h, the dependency-free Image type its PNG reader uses).
# Usage: cmake -DSOURCE_DIR=<repo> -P check_layering.cmake
cmake_minimum_required(VERSION 3.18)

set(violations "")

function(check_files pattern_list regex what)
  foreach(pattern IN LISTS pattern_list)
    file(GLOB_RECURSE files "${SOURCE_DIR}/${pattern}")
    foreach(f IN LISTS files)
      file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
      foreach(line IN LISTS lines)
        if(line MATCHES "${regex}" AND NOT (DEFINED allowed AND line MATCHES "${allowed}"))
          file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
          string(APPEND violations "\n  ${rel}: ${line}  (${what})")
        endif()
      endforeach()
    endforeach()
  endforeach()
  set(violations "${violations}" PARENT_SCOPE)
endfunction()

set(torch_regex "[<\"](torch|ATen|c10)/")
check_files("model/core/*.h;model/core/*.cpp;model/io/*.h;model/io/*.cpp;model/engine/mix_plan.*;model/nets/execution.h;model/nets/*/*_execution.h;model/nets/*/*_config.*;model/nets/*/*_file.*;model/nets/*/*_tf_import.*;model/nets/raw_check.*;model/nets/family_reader.*;model/nets/kwargs_reader.*;gui/*.h;gui/*.cpp;app/cli_front*;app/cli_app*;app/cli_declare*;app/cli_commands*;app/cli_common*;app/cli_options*;app/cli_info*;app/cli_convert*;app/stylemix_cli*"
            "${torch_regex}" "torch-free code includes LibTorch")
check_files("model/*.h;model/*.cpp" "[<\"](glad/|GLFW/|imgui|backends/imgui|GL/)" "model/ includes GL or ImGui")
check_files("gui/*.h;gui/*.cpp" "\"model/(engine|nets|kernels)/" "gui/ reaches past model/core and model/io")
check_files("model/core/*.h;model/core/*.cpp" "\"model/(engine|nets|kernels)/" "model/core reaches up into nets, engine or kernels")
set(allowed "\"model/core/image\\.h\"")
check_files("model/io/*.h;model/io/*.cpp" "\"model/(core|engine|nets|kernels)/" "model/io reaches up past the file formats")
unset(allowed)

if(violations)
  message(FATAL_ERROR "layering violations:${violations}")
endif()
message(STATUS "layering: ok")

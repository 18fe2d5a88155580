// The menu bar: File (open, recent models, export, quit), Edit (undo/redo),
// View (the views, grid display switches, the sidebar), Noise, Help. It
// returns what was chosen; the app carries it out.
#pragma once

#include "gui/views/grid/grid_view.h"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stylemix::gui {

struct MenuBarInput {
    const std::vector<std::string>* recent = nullptr;            // recent model paths
    std::vector<std::pair<std::string, std::string>> views;       // (id, title), in tab order
    std::string visible_view;
    GridViewState* grid = nullptr;                                // its display switches
    bool* sidebar_open = nullptr;
    std::function<void()> edit_menu;                              // draws the Edit menu
};

struct MenuBarChoice {
    bool open_model = false;
    std::optional<std::string> open_recent;
    bool export_figure = false;
    bool quit = false;
    std::optional<std::string> show_view;
    bool resample_noise = false;
};

MenuBarChoice drawMenuBar(const MenuBarInput& in);

}  // namespace stylemix::gui

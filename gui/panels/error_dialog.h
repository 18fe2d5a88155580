// Errors the explorer shows one at a time in a modal dialog. An error about
// a recipe file may offer to restore it instead.
#pragma once

#include <deque>
#include <optional>
#include <string>

namespace stylemix::gui {

struct ErrorEntry {
    std::string text;
    std::string restore_path;   // a recipe the dialog offers to restore (empty: none)
};

// Shows the oldest error; returns the recipe to restore when the user chose
// "Restore it". A closed error leaves the queue.
std::optional<std::string> drawErrorDialog(std::deque<ErrorEntry>& errors);

}  // namespace stylemix::gui

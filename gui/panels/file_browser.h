// "Open model" dialog: a small ImGui file browser over std::filesystem (Debian
// has no portable native file dialog we may depend on). It lists one folder:
// sub-folders first, then model files (.safetensors, .pkl; or the
// `extensions` it is given, e.g. W files; every file on request); Up, a path field that accepts a folder or a file, Open / Cancel.
// The export dialog reuses it to choose a folder (choose_folder: folders
// only, and "Choose this folder" returns the folder listed).
// UI thread only; no GL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stylemix::gui {

struct FileEntry {
    std::string name;
    bool is_dir = false;
    std::uintmax_t size = 0;   // bytes (files only)
    bool operator==(const FileEntry& o) const { return name == o.name && is_dir == o.is_dir && size == o.size; }
};

// The entries of `dir`: folders first, then the files whose extension is one of
// `extensions` (lower-case, with the dot; every file when empty), each group
// sorted by name. Hidden entries (a leading '.') are left out, and so are
// entries that vanish or cannot be inspected while listing. Throws
// std::runtime_error naming the folder and the reason when it cannot be read.
std::vector<FileEntry> listDirectory(const std::string& dir, const std::vector<std::string>& extensions);

// "12.3 MB", "4.0 KB", "17 B".
std::string humanSize(std::uintmax_t bytes);

struct FileBrowserState {
    bool open_requested = false;   // open the dialog on the next frame
    bool show_all_files = false;   // not only .safetensors / .pkl
    bool choose_folder = false;    // pick a folder instead of a file
    std::string title = "Open model";   // the dialog's title (and ImGui id: one per browser)
    // The files listed unless show_all_files (lower-case, with the dot).
    std::vector<std::string> extensions = {".safetensors", ".pkl"};
    std::string dir;               // the folder listed (absolute)
    std::string selected;          // a file name in `dir`
    std::string path_field;        // typed path: a folder to go to, or a file to open
    std::vector<FileEntry> entries;
    std::string error;             // why `dir` could not be listed
    bool naming_folder = false;    // the "New folder" name field is showing
    std::string new_folder_name;   // its draft
    bool focus_folder_name = false;   // give the field keyboard focus when it appears

    // Moves to `dir` and lists it (on failure keeps the old listing and sets `error`).
    void go(const std::string& dir);
    // Starts at the folder of `current_model` (or the working directory) with its file selected.
    void openAt(const std::string& current_model);
};

// Creates folder `name` inside `state.dir` (std::filesystem::create_directory)
// and enters it. Returns an error text (empty = done): a name that is empty,
// ".", "..", holds '/' or '\0', or names an existing entry is refused with a
// message saying so; a failed create (permission denied, ...) names the reason.
// On error `state` is unchanged.
std::string makeFolder(FileBrowserState& state, const std::string& name);

// The dialog, when open. Returns the file to load when the user chose one
// (Open, Enter, or a double-click on a file), or with choose_folder the folder.
std::optional<std::string> drawFileBrowser(FileBrowserState& state);

}  // namespace stylemix::gui

#include "gui/panels/file_browser.h"

#include "gui/widgets/disabled_reason.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace stylemix::gui {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

std::vector<FileEntry> listDirectory(const std::string& dir, const std::vector<std::string>& extensions) {
    std::error_code ec;
    fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) throw std::runtime_error("cannot list " + dir + ": " + ec.message());
    std::vector<FileEntry> dirs, files;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) throw std::runtime_error("cannot list " + dir + ": " + ec.message());
        const fs::directory_entry& e = *it;
        const std::string name = e.path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code entry_ec;
        if (e.is_directory(entry_ec)) {   // follows links, like a file dialog
            dirs.push_back({name, true, 0});
            continue;
        }
        if (entry_ec || !e.is_regular_file(entry_ec)) continue;
        const std::string ext = lower(e.path().extension().string());
        if (!extensions.empty() && std::find(extensions.begin(), extensions.end(), ext) == extensions.end()) continue;
        const std::uintmax_t size = e.file_size(entry_ec);
        files.push_back({name, false, entry_ec ? 0 : size});
    }
    const auto by_name = [](const FileEntry& a, const FileEntry& b) { return a.name < b.name; };
    std::sort(dirs.begin(), dirs.end(), by_name);
    std::sort(files.begin(), files.end(), by_name);
    dirs.insert(dirs.end(), files.begin(), files.end());
    return dirs;
}

std::string humanSize(std::uintmax_t bytes) {
    char text[32];
    if (bytes < 1024) std::snprintf(text, sizeof text, "%ju B", bytes);
    else if (bytes < (1u << 20)) std::snprintf(text, sizeof text, "%.1f KB", bytes / 1024.0);
    else if (bytes < (1u << 30)) std::snprintf(text, sizeof text, "%.1f MB", bytes / 1048576.0);
    else std::snprintf(text, sizeof text, "%.2f GB", bytes / 1073741824.0);
    return text;
}

void FileBrowserState::go(const std::string& target) {
    std::error_code ec;
    fs::path p = fs::absolute(target.empty() ? fs::path(".") : fs::path(target), ec).lexically_normal();
    if (!p.has_filename()) p = p.parent_path();   // "/a/b/" -> "/a/b" ("/" stays)
    const std::string d = p.string();
    try {
        entries = listDirectory(d, show_all_files ? std::vector<std::string>{} : extensions);
        dir = d;
        error.clear();
        selected.clear();
        path_field = dir;
    } catch (const std::exception& e) {
        error = e.what();
    }
}

void FileBrowserState::openAt(const std::string& current_model) {
    std::error_code ec;
    const fs::path model(current_model);
    if (!current_model.empty() && fs::is_regular_file(model, ec)) {
        go(model.has_parent_path() ? model.parent_path().string() : ".");
        selected = model.filename().string();
        path_field = (fs::path(dir) / selected).string();
    } else {
        go(fs::current_path(ec).string());
    }
    open_requested = true;
}

std::string makeFolder(FileBrowserState& state, const std::string& name) {
    if (name.empty()) return "Type a name for the new folder.";
    if (name == "." || name == "..") return "'" + name + "' is not a folder name: choose another.";
    if (name.find('/') != std::string::npos) return "A folder name cannot contain '/'.";
    if (name.find('\0') != std::string::npos) return "A folder name cannot contain a NUL character.";
    const fs::path target = fs::path(state.dir) / name;
    std::error_code ec;
    if (fs::exists(fs::symlink_status(target, ec)))
        return "'" + name + "' already exists in " + state.dir + ".";
    if (!fs::create_directory(target, ec) || ec)
        return "Cannot create folder '" + name + "' in " + state.dir + ": " +
               (ec ? ec.message() : std::string("it already exists"));
    state.go(target.string());
    return {};
}

namespace {

// "New folder": a button, then an inline name field with Create / Cancel.
// Errors go to state.error (shown under the list).
void newFolderRow(FileBrowserState& state) {
    if (!state.naming_folder) {
        if (ImGui::Button("New folder")) {
            state.naming_folder = true;
            state.new_folder_name.clear();
            state.focus_folder_name = true;   // the field appears next frame
        }
        return;
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (state.focus_folder_name) ImGui::SetKeyboardFocusHere();
    state.focus_folder_name = false;
    bool create = ImGui::InputTextWithHint("##newfolder", "new folder name", &state.new_folder_name,
                                           ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    create |= ImGui::Button("Create");
    ImGui::SameLine();
    if (ImGui::Button("Cancel##newfolder")) {
        state.naming_folder = false;
        return;
    }
    if (create) {
        const std::string error = makeFolder(state, state.new_folder_name);
        state.error = error;
        if (error.empty()) state.naming_folder = false;
    }
}

}  // namespace

std::optional<std::string> drawFileBrowser(FileBrowserState& state) {
    const char* title = state.choose_folder ? "Choose a folder" : state.title.c_str();
    if (state.open_requested) {
        state.open_requested = false;
        ImGui::OpenPopup(title);
    }
    const float em = ImGui::GetFontSize();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowSize(ImVec2(std::min(em * 40, display.x * 0.95f), std::min(em * 28, display.y * 0.9f)),
                             ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) return std::nullopt;
    ImGui::PushID("browser");
    std::optional<std::string> chosen;
    std::optional<std::string> go_to;

    if (ImGui::Button("Up")) go_to = fs::path(state.dir).parent_path().string();
    ImGui::SameLine();
    newFolderRow(state);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputText("##path", &state.path_field, ImGuiInputTextFlags_EnterReturnsTrue)) {
        std::error_code ec;
        if (fs::is_directory(state.path_field, ec)) go_to = state.path_field;
        else if (fs::is_regular_file(state.path_field, ec)) chosen = state.path_field;
        else state.error = "no such file or folder: " + state.path_field;
    }

    const float footer = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("entries", ImVec2(0, -footer), true);
    for (const FileEntry& e : state.entries) {
        if (state.choose_folder && !e.is_dir) continue;
        const std::string label = (e.is_dir ? "[dir]  " : "       ") + e.name;
        const bool is_selected = !e.is_dir && e.name == state.selected;
        if (ImGui::Selectable(label.c_str(), is_selected, ImGuiSelectableFlags_AllowDoubleClick)) {
            if (e.is_dir) {
                go_to = (fs::path(state.dir) / e.name).string();
            } else {
                state.selected = e.name;
                state.path_field = (fs::path(state.dir) / e.name).string();
                if (ImGui::IsMouseDoubleClicked(0)) chosen = state.path_field;
            }
        }
        if (!e.is_dir) {
            ImGui::SameLine(ImGui::GetContentRegionMax().x - em * 6);
            ImGui::TextDisabled("%s", humanSize(e.size).c_str());
        }
    }
    if (state.entries.empty() && !state.choose_folder) {
        std::string none = "(no";
        for (std::size_t i = 0; i < state.extensions.size(); ++i)
            none += (i == 0 ? " " : i + 1 == state.extensions.size() ? " or " : ", ") + state.extensions[i];
        ImGui::TextDisabled("%s", state.show_all_files ? "(empty folder)" : (none + " files here)").c_str());
    }
    ImGui::EndChild();

    if (!state.error.empty()) ImGui::TextColored(ImVec4(1.f, 0.45f, 0.4f, 1.f), "%s", state.error.c_str());
    else ImGui::TextDisabled("%s", state.dir.c_str());
    const float button_w = em * 6;
    if (state.choose_folder) {
        const float choose_w = ImGui::CalcTextSize("Choose this folder").x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SetCursorPosX(std::max(ImGui::GetContentRegionMax().x - choose_w - button_w - ImGui::GetStyle().ItemSpacing.x, 0.f));
        if (ImGui::Button("Choose this folder", ImVec2(choose_w, 0))) chosen = state.dir;
    } else {
        if (ImGui::Checkbox("all files", &state.show_all_files)) go_to = state.dir;
        ImGui::SameLine();
        ImGui::SetCursorPosX(ImGui::GetContentRegionMax().x - button_w * 2 - ImGui::GetStyle().ItemSpacing.x);
        ImGui::BeginDisabled(state.selected.empty());
        // (Checked again: keyboard navigation can activate a disabled button in ImGui 1.86.)
        if (ImGui::Button("Open", ImVec2(button_w, 0)) && !state.selected.empty())
            chosen = (fs::path(state.dir) / state.selected).string();
        ImGui::EndDisabled();
        disabledReason(state.selected.empty(), "Select a file in the list first (or double-click one).");
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(button_w, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();

    if (go_to) state.go(*go_to);
    if (chosen) ImGui::CloseCurrentPopup();
    ImGui::PopID();
    ImGui::EndPopup();
    return chosen;
}

}  // namespace stylemix::gui

#include "gui/widgets/fonts.h"

#include <imgui.h>

#include <cstdlib>
#include <filesystem>

namespace stylemix::gui {

std::string findUiFont() {
    if (const char* env = std::getenv("STYLEMIX_FONT"); env && *env) return env;
    for (const char* path : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                             "/usr/share/fonts/TTF/DejaVuSans.ttf",
                             "/usr/share/fonts/dejavu/DejaVuSans.ttf"}) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(path, ec)) return path;
    }
    return {};
}

void setupFontsAndStyle(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // Latin-1 (², ×), Greek (ψ), dashes, arrows and the status dots.
    static constexpr ImWchar kRanges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2010, 0x2027,
                                          0x2190, 0x21FF, 0x25A0, 0x25FF, 0};
    const std::string font = findUiFont();
    ImFont* loaded = nullptr;
    if (!font.empty()) {
        ImFontConfig config;
        config.OversampleH = 2;
        loaded = io.Fonts->AddFontFromFileTTF(font.c_str(), 15.f * scale, &config, kRanges);
    }
    if (!loaded) {
        ImFontConfig config;
        config.SizePixels = 13.f * scale;
        io.Fonts->AddFontDefault(&config);
    }

    // A dark theme with a little more air than ImGui's defaults.
    ImGuiStyle style;
    ImGui::StyleColorsDark(&style);
    style.WindowRounding = 0.f;
    style.FrameRounding = 3.f;
    style.GrabRounding = 3.f;
    style.PopupRounding = 4.f;
    style.ChildRounding = 3.f;
    style.TabRounding = 3.f;
    style.WindowPadding = ImVec2(10, 8);
    style.FramePadding = ImVec2(6, 3);
    style.ItemSpacing = ImVec2(8, 5);
    style.ScrollbarSize = 12.f;
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.09f, 0.11f, 1.f);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0.11f, 0.11f, 0.13f, 1.f);
    style.Colors[ImGuiCol_Header] = ImVec4(0.20f, 0.25f, 0.34f, 1.f);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

}  // namespace stylemix::gui

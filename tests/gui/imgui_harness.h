// Runs panel code with an ImGui context and no window (like imgui's
// example_null): frames are built but never rendered. Input is simulated
// through ImGuiIO, and buttons can be "pressed" by ID (ImGui::ActivateItem).
#pragma once

#include "gui/views/canvas.h"
#include "model/nets/stylegan2/stylegan2_config.h"
#include "model/core/render_types.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <initializer_list>
#include <set>
#include <string>

namespace stylemix::gui::test {

class ImGuiHarness {
public:
    static constexpr const char* kWindow = "panels";

    ImGuiHarness() {
        context_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 800);
        io.DeltaTime = 1.f / 60.f;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);   // builds the atlas, as a backend would
    }
    ~ImGuiHarness() { ImGui::DestroyContext(context_); }
    ImGuiHarness(const ImGuiHarness&) = delete;
    ImGuiHarness& operator=(const ImGuiHarness&) = delete;

    // One frame with `body` inside a fixed window at the top-left.
    template <class Body>
    void frame(Body&& body, ImVec2 size = ImVec2(420, 780)) {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(size);
        ImGui::Begin(kWindow, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
        body();
        ImGui::End();
        ImGui::Render();
    }

    // Queues a press of the item `label` under the ID scopes `scope` (the
    // panel's PushID names); it happens during the next frame.
    void press(std::initializer_list<const char*> scope, const char* label) {
        ImGui::NewFrame();
        ImGui::Begin(kWindow);
        for (const char* s : scope) ImGui::PushID(s);
        const ImGuiID id = ImGui::GetID(label);
        for (std::size_t i = 0; i < scope.size(); ++i) ImGui::PopID();
        ImGui::ActivateItem(id);
        ImGui::End();
        ImGui::Render();
    }

    void mouse(ImVec2 pos, bool down) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = pos;
        io.MouseDown[0] = down;
    }

    // Canvas callbacks for views: any texture id, and "uploaded" images from a set.
    CanvasFrame canvases() {
        CanvasFrame f;
        f.texture = [](CanvasId) { return reinterpret_cast<ImTextureID>(1); };
        f.has_image = [this](const ImageKey& key) { return uploaded.count(key) > 0; };
        f.image_size = [](const ImageKey&) { return ImVec2(64, 64); };
        return f;
    }
    std::set<ImageKey> uploaded;

private:
    ImGuiContext* context_ = nullptr;
};

// Facts of an unconditional StyleGAN2 at `resolution` (64: 10 ws, 9 noise layers).
inline ModelFacts makeFacts(int resolution = 64, int c_dim = 0) {
    StyleGan2Config config;
    config.z_dim = 512;
    config.w_dim = 512;
    config.c_dim = c_dim;
    config.img_resolution = resolution;
    config.img_channels = 3;
    ModelFacts f;
    static_cast<ModelDescription&>(f) = config.describe();
    f.path = "/models/test.safetensors";
    f.sha256 = std::string(64, 'a');
    for (std::size_t i = 0; i < f.noise_layers.size(); ++i) f.noise_strengths.push_back(0.01f * (i + 1));
    f.device = "cpu";
    f.precision = "fp32";
    return f;
}

}  // namespace stylemix::gui::test

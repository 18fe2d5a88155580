// The explorer's window: GLFW, an OpenGL 3.3 core context with its loader,
// and the ImGui context with its GLFW and OpenGL backends, made together and
// destroyed together (RAII). Key events are queued rather than handed to
// ImGui at once (key_queue.h): the app feeds them frame by frame.
#pragma once

#include "gui/key_queue.h"

#include <functional>
#include <string>

struct GLFWwindow;

namespace stylemix::gui {

struct WindowCallbacks {
    std::function<void(const char* path)> drop;      // a file dropped onto the window
    std::function<void()> refresh;                   // exposed or resized: its pixels are gone
    std::function<void(float scale)> content_scale;  // moved to a monitor of another scale
};

class MainWindow {
public:
    // Throws when there is no display or no OpenGL 3.3 core context.
    MainWindow(int width, int height, bool vsync, const std::string& ini_path, WindowCallbacks callbacks);
    ~MainWindow();
    MainWindow(const MainWindow&) = delete;
    MainWindow& operator=(const MainWindow&) = delete;

    GLFWwindow* handle() const { return window_; }
    float contentScale() const { return content_scale_; }
    void setTitle(const std::string& title);
    bool shouldClose() const;
    KeyEventQueue& keys() { return keys_; }
    // Hands this frame's queued key events to ImGui's backend and returns them.
    std::vector<KeyEvent> feedKeys();

    struct FrameStart {
        std::vector<KeyEvent> keys;   // this frame's key events (shortcuts read their modifiers)
        bool more_keys = false;       // events wait for the next frame
        bool input = false;           // pointer, wheel, text or an active item: ImGui settles over the next frames
    };
    // Starts an ImGui frame with this frame's keys. `ignore_pointer`: headless
    // captures (Xvfb parks the pointer mid-screen, where it would hover a tile).
    FrameStart newFrame(bool ignore_pointer);
    // This frame's ImGui draw data onto the default framebuffer's back buffer,
    // cleared to the panels' background first.
    void drawImGui();
    // Fonts and style for a new content scale.
    void rebuildFonts(float scale);

private:
    GLFWwindow* window_ = nullptr;
    bool imgui_ready_ = false;
    std::string ini_path_;   // ImGui keeps a pointer to it
    float content_scale_ = 1.f;
    WindowCallbacks callbacks_;
    KeyEventQueue keys_;
};

}  // namespace stylemix::gui

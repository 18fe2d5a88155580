#include "gui/gl/main_window.h"

#include "gui/widgets/fonts.h"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cfloat>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace stylemix::gui {
namespace {

MainWindow& self(GLFWwindow* w) { return *static_cast<MainWindow*>(glfwGetWindowUserPointer(w)); }

GLFWwindow* openGlWindow(int width, int height) {
    glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "GLFW error %d: %s\n", code, text); });
    if (!glfwInit()) throw std::runtime_error("cannot initialise GLFW (is there a display? use xvfb-run for headless runs)");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(width, height, "StyleMix", nullptr, nullptr);
    if (!window) {
        glfwTerminate();
        throw std::runtime_error("cannot create a window with an OpenGL 3.3 core context");
    }
    glfwMakeContextCurrent(window);
    if (!gladLoadGL(glfwGetProcAddress)) {
        glfwDestroyWindow(window);
        glfwTerminate();
        throw std::runtime_error("cannot load OpenGL 3.3 functions");
    }
    return window;
}

}  // namespace

MainWindow::MainWindow(int width, int height, bool vsync, const std::string& ini_path, WindowCallbacks callbacks)
    : window_(openGlWindow(width, height)), ini_path_(ini_path), callbacks_(std::move(callbacks)) {
    glfwSwapInterval(vsync ? 1 : 0);
    glfwSetWindowUserPointer(window_, this);
    glfwSetDropCallback(window_, [](GLFWwindow* w, int count, const char** paths) {
        if (count > 0 && self(w).callbacks_.drop) self(w).callbacks_.drop(paths[0]);
    });
    glfwSetWindowRefreshCallback(window_, [](GLFWwindow* w) {
        if (self(w).callbacks_.refresh) self(w).callbacks_.refresh();
    });
    glfwSetWindowContentScaleCallback(window_, [](GLFWwindow* w, float x, float) {
        if (self(w).callbacks_.content_scale) self(w).callbacks_.content_scale(x);
    });
    float sx = 1.f, sy = 1.f;
    glfwGetWindowContentScale(window_, &sx, &sy);
    content_scale_ = sx > 0 ? sx : 1.f;

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = ini_path_.empty() ? nullptr : ini_path_.c_str();
    if (!ini_path_.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(ini_path_).parent_path(), ec);
    }
    setupFontsAndStyle(content_scale_);
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    // Replaces the backend's key callback: keys are queued and handed to the
    // backend frame by frame (feedKeys), so no tap is lost.
    glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
        self(w).keys_.push({key, scancode, action, mods});
    });
    ImGui_ImplOpenGL3_Init("#version 330 core");
    imgui_ready_ = true;
}

MainWindow::~MainWindow() {
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    glfwDestroyWindow(window_);
    glfwTerminate();
}

void MainWindow::setTitle(const std::string& title) { glfwSetWindowTitle(window_, title.c_str()); }

bool MainWindow::shouldClose() const { return glfwWindowShouldClose(window_); }

MainWindow::FrameStart MainWindow::newFrame(bool ignore_pointer) {
    FrameStart start;
    start.keys = feedKeys();
    start.more_keys = !keys_.empty();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (ignore_pointer) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    const ImGuiIO& io = ImGui::GetIO();
    start.input = io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 || ImGui::IsAnyMouseDown() ||
                  !io.InputQueueCharacters.empty() || ImGui::IsAnyItemActive();
    return start;
}

void MainWindow::drawImGui() {
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window_, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_ChildBg];
    glClearColor(bg.x, bg.y, bg.z, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

std::vector<KeyEvent> MainWindow::feedKeys() {
    std::vector<KeyEvent> events = keys_.takeFrame();
    for (const KeyEvent& e : events) ImGui_ImplGlfw_KeyCallback(window_, e.key, e.scancode, e.action, e.mods);
    return events;
}

void MainWindow::rebuildFonts(float scale) {
    content_scale_ = scale;
    setupFontsAndStyle(scale);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace stylemix::gui

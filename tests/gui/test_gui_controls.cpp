// The controls of issue 12, headless: the crossover range selector (any set of
// ws), knobs that leave the wheel to the panel, queued key taps, the split
// view's divider and the status bar's texts.
#include "imgui_harness.h"
#include "gui/views/grid/grid_slots.h"

#include "gui/key_queue.h"
#include "gui/widgets/knob.h"
#include "gui/views/lab/noise_lab_view.h"
#include "gui/widgets/range_bar.h"
#include "gui/request_builder.h"
#include "gui/shortcuts.h"
#include "gui/stale_dimming.h"
#include "gui/panels/status_bar.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

namespace stylemix::gui {
namespace {

using test::ImGuiHarness;
using test::makeFacts;

// The crossover bar in the harness window, with helpers to point at a ws.
struct BarFixture {
    ImGuiHarness ui;
    std::vector<int> styles{0, 1, 2, 3};
    const std::vector<std::string> labels = std::vector<std::string>(10, "x");
    ImVec2 bar_min, bar_max, tooltip_min, tooltip_max;
    bool tooltip = false;

    BarFixture() {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyMap[ImGuiKey_LeftArrow] = GLFW_KEY_LEFT;
        io.KeyMap[ImGuiKey_RightArrow] = GLFW_KEY_RIGHT;
        draw();   // layout
    }
    void draw() {
        ui.frame([&] {
            ImGui::Dummy(ImVec2(10, 100));   // room above the bar for its tooltip
            RangeBar("bar", &styles, labels);
            bar_min = ImGui::GetItemRectMin();
            bar_max = ImGui::GetItemRectMax();
        });
        tooltip = false;
        for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
            if ((w->Flags & ImGuiWindowFlags_Tooltip) && w->Active) {
                tooltip = true;
                tooltip_min = w->Pos;
                tooltip_max = ImVec2(w->Pos.x + w->Size.x, w->Pos.y + w->Size.y);
            }
    }
    // ws `i` at `frac` of its segment's width.
    ImVec2 at(int i, float frac = 0.5f) const {
        const float seg = (bar_max.x - bar_min.x) / 10;
        return ImVec2(bar_min.x + (i + frac) * seg, bar_min.y + 5);
    }
    void drag(ImVec2 from, ImVec2 to) {
        ui.mouse(from, false);
        draw();
        ui.mouse(from, true);
        draw();
        ui.mouse(to, true);
        draw();
        ui.mouse(to, false);
        draw();
    }
    void key(int glfw_key, bool shift = false) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyShift = shift;
        io.KeysDown[glfw_key] = true;
        draw();
        io.KeysDown[glfw_key] = false;
        io.KeyShift = false;
        draw();
    }
};

TEST(RangeBar, DragOnUnselectedWsSelectsARun) {
    BarFixture f;
    f.drag(f.at(8), f.at(9));
    EXPECT_EQ(f.styles, (std::vector<int>{8, 9}));
    f.drag(f.at(5), f.at(2));   // leftwards
    EXPECT_EQ(f.styles, (std::vector<int>{2, 3, 4, 5}));
}

TEST(RangeBar, GrabbingTheBandsMiddleMovesItWhole) {
    BarFixture f;   // 0-3 selected
    f.drag(f.at(1), f.at(5));
    EXPECT_EQ(f.styles, (std::vector<int>{4, 5, 6, 7}));
    f.drag(f.at(5), f.at(9));   // clamped at the last ws
    EXPECT_EQ(f.styles, (std::vector<int>{6, 7, 8, 9}));
    // The band's outer end resizes it instead.
    f.drag(f.at(9, 0.9f), f.at(8));
    EXPECT_EQ(f.styles, (std::vector<int>{6, 7, 8}));
    f.drag(f.at(6, 0.1f), f.at(3));
    EXPECT_EQ(f.styles, (std::vector<int>{3, 4, 5, 6, 7, 8}));
}

TEST(RangeBar, CtrlClickTogglesSingleWsIntoAnySet) {
    BarFixture f;
    ImGui::GetIO().KeyCtrl = true;
    f.drag(f.at(1), f.at(1));
    f.drag(f.at(7), f.at(7));
    f.drag(f.at(2), f.at(2));
    EXPECT_EQ(f.styles, (std::vector<int>{0, 3, 7}));
    ImGui::GetIO().KeyCtrl = false;
    // Moving a set keeps its shape.
    f.drag(f.at(3), f.at(5));
    EXPECT_EQ(f.styles, (std::vector<int>{2, 5, 9}));
    EXPECT_EQ(toggleStyle({4}, 4), (std::vector<int>{4}));   // never empty
}

TEST(RangeBar, ArrowKeysMoveAndShiftArrowsResizeOnceClicked) {
    BarFixture f;
    f.key(GLFW_KEY_RIGHT);   // not focused yet: nothing happens
    EXPECT_EQ(f.styles, (std::vector<int>{0, 1, 2, 3}));
    f.drag(f.at(1), f.at(1));   // a click in the middle gives it focus and moves nothing
    EXPECT_EQ(f.styles, (std::vector<int>{0, 1, 2, 3}));
    f.key(GLFW_KEY_RIGHT);
    EXPECT_EQ(f.styles, (std::vector<int>{1, 2, 3, 4}));
    f.key(GLFW_KEY_RIGHT, true);
    EXPECT_EQ(f.styles, (std::vector<int>{1, 2, 3, 4, 5}));
    f.key(GLFW_KEY_LEFT, true);
    f.key(GLFW_KEY_LEFT, true);
    EXPECT_EQ(f.styles, (std::vector<int>{1, 2, 3}));
    f.key(GLFW_KEY_LEFT);
    f.key(GLFW_KEY_LEFT);
    EXPECT_EQ(f.styles, (std::vector<int>{0, 1, 2}));   // clamped at ws 0
}

TEST(RangeBar, TooltipWhileDraggingStaysAboveTheBar) {
    BarFixture f;
    f.ui.mouse(f.at(2), false);
    f.draw();
    f.ui.mouse(f.at(2), true);
    f.draw();
    f.ui.mouse(f.at(9), true);   // dragging over the bar's right half
    f.draw();
    ASSERT_TRUE(f.tooltip);
    EXPECT_LE(f.tooltip_max.y, f.bar_min.y) << "the tooltip covers the bar (and the buttons below it)";
    f.ui.mouse(f.at(9), false);
    f.draw();
}

// Issue 22, fault 5: the hover tooltip was centred on the pointer, so over the
// first ws of a bar at the window's left edge half of it was off screen.
TEST(RangeBar, TooltipStaysOnScreenAtEitherEdge) {
    BarFixture f;
    const float display_w = ImGui::GetIO().DisplaySize.x;
    for (const int ws : {0, 9}) {
        f.ui.mouse(f.at(ws, ws == 0 ? 0.05f : 0.95f), false);
        f.draw();
        f.draw();
        ASSERT_TRUE(f.tooltip) << "ws " << ws;
        EXPECT_GE(f.tooltip_min.x, 0.f) << "ws " << ws;
        EXPECT_LE(f.tooltip_max.x, display_w) << "ws " << ws;
    }
    ImGui::GetIO().DisplaySize.x = f.bar_max.x + 8;   // a window just wider than the bar
    f.draw();
    f.draw();
    ASSERT_TRUE(f.tooltip);
    EXPECT_LE(f.tooltip_max.x, f.bar_max.x + 8);
    EXPECT_GE(f.tooltip_min.x, 0.f);
}

// Issue 22, fault 5: a bar near the top of the window had its tooltip cut off
// above the viewport; without room above, it goes below the bar.
TEST(RangeBar, TooltipGoesBelowWhenThereIsNoRoomAbove) {
    ImGuiHarness ui;
    std::vector<int> styles{0, 1};
    const std::vector<std::string> labels(10, "x");
    ImVec2 bar_min, bar_max;
    const auto draw = [&] {
        ui.frame([&] {
            RangeBar("bar", &styles, labels);   // at the window's very top
            bar_min = ImGui::GetItemRectMin();
            bar_max = ImGui::GetItemRectMax();
        });
    };
    draw();
    ui.mouse(ImVec2(bar_min.x + 30, bar_min.y + 3), false);
    for (int i = 0; i < 3; ++i) draw();
    bool found = false;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if ((w->Flags & ImGuiWindowFlags_Tooltip) && w->Active) {
            found = true;
            EXPECT_GE(w->Pos.y, 0.f) << "the tooltip is cut off at the top";
            EXPECT_GE(w->Pos.y, bar_max.y - 1) << "the tooltip covers the bar";
        }
    EXPECT_TRUE(found);
}

// A knob inside a scrolling child: the wheel scrolls unless the knob is held or Ctrl is down.
// Issue 22, fault 12: a press that arrived with a pointer jump (remote
// desktops, tablets, xdotool) turned the knob by the jump (1.00 -> 1.32).
TEST(Knob, OnlyMovementAfterThePressTurnsIt) {
    ImGuiHarness ui;
    float value = 1.f;
    ImVec2 center;
    const auto draw = [&] {
        ui.frame([&] {
            Knob("k", &value, 10.f, 1.f, "k", nullptr, nullptr);
            center = ImVec2((ImGui::GetItemRectMin().x + ImGui::GetItemRectMax().x) / 2,
                            (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) / 2);
        });
    };
    draw();
    ui.mouse(ImVec2(center.x, center.y + 10), false);
    draw();
    draw();
    ui.mouse(center, true);   // jumps 10 px up and presses in the same frame
    draw();
    EXPECT_EQ(value, 1.f) << "the jump before the press turned the knob";
    draw();
    EXPECT_EQ(value, 1.f);
    ui.mouse(ImVec2(center.x, center.y - 20), true);   // a real drag upwards
    draw();
    EXPECT_GT(value, 1.f);
    ui.mouse(ImVec2(center.x, center.y - 20), false);
    draw();
}

TEST(Knob, WheelScrollsThePanelUnlessHeldOrCtrl) {
    ImGuiHarness ui;
    float value = 1.f, scroll = 0.f;
    ImVec2 knob_center;
    auto draw = [&] {
        ui.frame([&] {
            ImGui::BeginChild("panel", ImVec2(200, 150), true);
            Knob("k", &value, 10.f, 1.f, "k", nullptr, kKnobWheelHint);
            knob_center = ImVec2((ImGui::GetItemRectMin().x + ImGui::GetItemRectMax().x) / 2,
                                 (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) / 2);
            ImGui::Dummy(ImVec2(10, 800));   // something to scroll to
            scroll = ImGui::GetScrollY();
            ImGui::EndChild();
        });
    };
    draw();
    ImGuiIO& io = ImGui::GetIO();
    ui.mouse(knob_center, false);
    draw();
    draw();
    io.MouseWheel = -1.f;
    draw();
    io.MouseWheel = 0.f;
    draw();
    EXPECT_EQ(value, 1.f) << "the wheel turned a knob it merely passed over";
    EXPECT_GT(scroll, 0.f) << "the wheel did not scroll the panel";

    // Back to the top, then Ctrl+wheel turns the knob and does not scroll.
    ui.frame([&] {
        ImGui::BeginChild("panel", ImVec2(200, 150), true);
        ImGui::SetScrollY(0.f);
        ImGui::EndChild();
    });
    draw();
    draw();
    io.KeyCtrl = true;
    draw();
    io.MouseWheel = 1.f;
    draw();
    io.MouseWheel = 0.f;
    draw();
    io.KeyCtrl = false;
    EXPECT_GT(value, 1.f);
    EXPECT_EQ(scroll, 0.f);
}

TEST(KeyEventQueue, ATapShorterThanAFrameStillFiresTheShortcut) {
    ImGuiHarness ui;
    KeyEventQueue queue;
    // Press and release of R, then Ctrl+S, all before one frame.
    queue.push({GLFW_KEY_R, 0, GLFW_PRESS, 0});
    queue.push({GLFW_KEY_R, 0, GLFW_RELEASE, 0});
    queue.push({GLFW_KEY_LEFT_CONTROL, 0, GLFW_PRESS, 0});
    queue.push({GLFW_KEY_S, 0, GLFW_PRESS, GLFW_MOD_CONTROL});
    queue.push({GLFW_KEY_S, 0, GLFW_RELEASE, GLFW_MOD_CONTROL});
    queue.push({GLFW_KEY_LEFT_CONTROL, 0, GLFW_RELEASE, GLFW_MOD_CONTROL});
    int resamples = 0, exports = 0;
    for (int frame = 0; frame < 5; ++frame) {
        const Shortcuts s = readShortcuts(queue.takeFrame(), false);
        resamples += s.resample_noise;
        exports += s.export_figure;
    }
    EXPECT_EQ(resamples, 1);
    EXPECT_EQ(exports, 1);
    EXPECT_TRUE(queue.empty());
}

// Issue 22, fault 11: during a continuous psi drag a new request went out every
// frame and the dim waited 0.25 s after the latest, so stale tiles never dimmed.
TEST(StaleDimming, TilesDimDuringAContinuousDragAfterTheGrace) {
    using namespace std::chrono;
    StaleDimming dimming;
    const StaleDimming::Clock::time_point t0{};
    bool in_flight = false;
    float first_dim_at_ms = -1;
    for (int frame = 0; frame < 60; ++frame) {   // one second of dragging at 60 Hz
        const auto now = t0 + milliseconds(frame * 16);
        dimming.submitted(in_flight, now);
        in_flight = true;   // the render never catches up during the drag
        if (first_dim_at_ms < 0 && dimming.dim(now) > 0) first_dim_at_ms = static_cast<float>(frame * 16);
    }
    EXPECT_GE(first_dim_at_ms, StaleDimming::kGraceSeconds * 1000);
    EXPECT_LE(first_dim_at_ms, StaleDimming::kGraceSeconds * 1000 + 16);
    // A fresh request after the grid settled waits its own grace.
    const auto later = t0 + seconds(5);
    dimming.submitted(false, later);
    EXPECT_EQ(dimming.dim(later + milliseconds(50)), 0.f);
    EXPECT_GT(dimming.dim(later + milliseconds(150)), 0.f);
}

TEST(KeyEventQueue, OneTransitionPerKeyPerFrameInOrder) {
    KeyEventQueue q;
    q.push({GLFW_KEY_A, 0, GLFW_PRESS, 0});
    q.push({GLFW_KEY_A, 0, GLFW_REPEAT, 0});
    q.push({GLFW_KEY_B, 0, GLFW_PRESS, 0});
    q.push({GLFW_KEY_A, 0, GLFW_RELEASE, 0});
    q.push({GLFW_KEY_B, 0, GLFW_RELEASE, 0});
    EXPECT_EQ(q.takeFrame().size(), 3u);   // A press, A repeat, B press
    const auto second = q.takeFrame();
    ASSERT_EQ(second.size(), 2u);
    EXPECT_EQ(second[0].key, GLFW_KEY_A);
    EXPECT_EQ(second[1].key, GLFW_KEY_B);
    EXPECT_TRUE(q.takeFrame().empty());
}

TEST(NoiseLabView, SplitDividerFollowsTheDrag) {
    ImGuiHarness ui;
    const ModelFacts facts = makeFacts(64);
    LabState state;
    state.selection = {LabSelection::Kind::RowSource, 0, 0};
    LabViewInput in;
    in.facts = &facts;
    auto draw = [&] {
        CanvasFrame canvases = ui.canvases();
        ui.frame([&] { drawNoiseLabView(state, in, canvases); }, ImVec2(1200, 780));
    };
    draw();
    draw();
    const ImVec2 a = state.split_min, b = state.split_max;
    ASSERT_GT(b.x - a.x, 10.f);
    auto x = [&](float t) { return ImVec2(a.x + (b.x - a.x) * t, (a.y + b.y) / 2); };
    ui.mouse(x(0.2f), false);
    draw();
    ui.mouse(x(0.2f), true);   // press: the divider jumps there...
    draw();
    EXPECT_NEAR(state.split, 0.2f, 0.02f);
    ui.mouse(x(0.5f), true);   // ...and follows the drag
    draw();
    EXPECT_NEAR(state.split, 0.5f, 0.02f);
    ui.mouse(x(0.8f), true);
    draw();
    EXPECT_NEAR(state.split, 0.8f, 0.02f);
    ui.mouse(x(0.8f), false);
    draw();
    ui.mouse(x(0.3f), false);   // moving without the button leaves it
    draw();
    EXPECT_NEAR(state.split, 0.8f, 0.02f);
}

TEST(StatusBar, SaysFromCacheWhenNothingWasRendered) {
    StageTimings cached;
    EXPECT_EQ(gridTimingText(cached), "grid from cache");
    StageTimings rendered;
    rendered.total_ms = 120.4;
    rendered.mapping_ms = 3;
    rendered.sources_ms = 40;
    rendered.cells_ms = 77;
    rendered.forward_passes = 3;
    rendered.cells_rendered = 12;
    EXPECT_EQ(gridTimingText(rendered), "grid 120 ms (mapping 3, sources 40, cells 77)");
}

TEST(Dimming, ACrossoverChangeNeverDimsTheSources) {
    MixRequest shown;
    shown.rows = {Source{1, -1}, Source{2, -1}};
    shown.cols = {Source{3, -1}};
    shown.styles = {0, 1, 2, 3};
    MixRequest next = shown;
    next.styles = {8, 9};
    EXPECT_FALSE(tileChanges(shown, next, {GridSlot::RowSource, 0, 0}));
    EXPECT_FALSE(tileChanges(shown, next, {GridSlot::ColSource, 0, 0}));
    EXPECT_TRUE(tileChanges(shown, next, {GridSlot::Cell, 1, 0}));
    // Per-row bands: only the row whose band changed.
    shown.row_styles = {{0, 1}, {2, 3}};
    next = shown;
    next.row_styles[1] = {5};
    EXPECT_FALSE(tileChanges(shown, next, {GridSlot::Cell, 0, 0}));
    EXPECT_TRUE(tileChanges(shown, next, {GridSlot::Cell, 1, 0}));
    // A new row seed changes that row's source and cells only; noise changes everything.
    next = shown;
    next.rows[0].seed = 9;
    EXPECT_TRUE(tileChanges(shown, next, {GridSlot::RowSource, 0, 0}));
    EXPECT_FALSE(tileChanges(shown, next, {GridSlot::RowSource, 1, 0}));
    EXPECT_FALSE(tileChanges(shown, next, {GridSlot::ColSource, 0, 0}));
    next = shown;
    next.noise.seed = 5;
    EXPECT_TRUE(tileChanges(shown, next, {GridSlot::ColSource, 0, 0}));
}

}  // namespace
}  // namespace stylemix::gui

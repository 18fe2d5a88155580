// The interpolation strip under the grid, headless: its request from the
// panels (ends among the grid's sources, steps, space, the grid's truncation,
// noise and transform), why z-space is off, frames becoming sources, its
// export recipe, its layout, and its place in the view registry (docked
// under the grid's tab).
#include "imgui_harness.h"
#include "panel_fixture.h"

#include "gui/view_host.h"
#include "gui/views/grid/grid_tab.h"
#include "gui/views/strip/strip_request.h"
#include "gui/views/strip/strip_tab.h"
#include "gui/views/strip/strip_view.h"
#include "gui/views/view_registry.h"
#include "model/core/recipe.h"

#include <gtest/gtest.h>

namespace stylemix::gui {
namespace {

using test::ImGuiHarness;

WArrayPtr wArray(float value, const char* name = "face.npy") {
    return makeWArray(name, 10, 512, std::vector<float>(10 * 512, value));
}

// Rows: seed 85, position 2:1 (a seed), position 0.5:0 (between seeds); columns: seed 821, a W array.
MixRequest grid() {
    MixRequest m;
    m.rows = {Source{85}, Source::position(2, 1), Source::position(0.5, 0)};
    m.cols = {Source{821}, Source::ws(wArray(0.25f))};
    m.styles = {0, 1, 2, 3};
    m.truncation = {0.7, 4};
    m.noise.mode = NoiseMode::Random;
    m.noise.seed = 9;
    InputTransform t;
    t.rotate_deg = 10;
    m.transform = t;
    return m;
}

StripState open(StripEnd from, StripEnd to, int steps, InterpolationSpace space) {
    StripState s;
    s.open = true;
    s.from = from;
    s.to = to;
    s.steps = steps;
    s.space = space;
    return s;
}

constexpr StripEnd kRow0{SourceSide::Rows, 0}, kRow1{SourceSide::Rows, 1}, kRow2{SourceSide::Rows, 2};
constexpr StripEnd kCol0{SourceSide::Cols, 0}, kCol1{SourceSide::Cols, 1};

TEST(StripRequest, EndsStepsAndSpaceWithTheGridsTruncationNoiseAndTransform) {
    const MixRequest g = grid();
    const auto r = buildInterpolationRequest(open(kRow1, kCol0, 5, InterpolationSpace::Z), g);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->from, g.rows[1]);
    EXPECT_EQ(r->to, g.cols[0]);
    EXPECT_EQ(r->steps, 5);
    EXPECT_EQ(r->space, InterpolationSpace::Z);
    EXPECT_EQ(r->truncation, g.truncation);
    EXPECT_EQ(r->noise, g.noise);
    EXPECT_EQ(r->transform, g.transform);

    EXPECT_EQ(buildInterpolationRequest(open(kRow0, kCol0, 40, InterpolationSpace::W), g)->steps, StripState::kMaxSteps);
    EXPECT_EQ(buildInterpolationRequest(open(kRow0, kCol0, 1, InterpolationSpace::W), g)->steps, StripState::kMinSteps);
    StripState closed = open(kRow0, kCol0, 5, InterpolationSpace::W);
    closed.open = false;
    EXPECT_FALSE(buildInterpolationRequest(closed, g)) << "a closed strip renders nothing";
    EXPECT_FALSE(buildInterpolationRequest(open({SourceSide::Cols, 2}, kCol0, 5, InterpolationSpace::W), g))
        << "an end past its list's end";
    EXPECT_EQ(stripEndLabel({SourceSide::Cols, 2}, g), "B 2 (gone)");
}

TEST(StripRequest, TheCombosListEveryGridSourceByItsLabel) {
    const MixRequest g = grid();
    const std::vector<StripEnd> choices = stripEndChoices(g);
    ASSERT_EQ(choices.size(), 5u);
    std::vector<std::string> labels;
    for (const StripEnd& e : choices) labels.push_back(stripEndLabel(e, g));
    EXPECT_EQ(labels, (std::vector<std::string>{"A 85", "A 2:1", "A 0.5:0", "B 821", "B face.npy"}));
}

TEST(StripRequest, ZIsOffUnlessBothEndsHaveOneLatentAndTheRequestFallsBackToW) {
    const MixRequest g = grid();
    EXPECT_EQ(stripZBlocked(g.rows[0], g.cols[0]), "") << "two seeds";
    EXPECT_EQ(stripZBlocked(g.rows[1], g.cols[0]), "") << "a position on whole numbers is a seed";
    const std::string between = stripZBlocked(g.rows[2], g.cols[0]);
    EXPECT_NE(between.find("From (position 0.5:0) lies between seeds"), std::string::npos) << between;
    const std::string w = stripZBlocked(g.rows[0], g.cols[1]);
    EXPECT_NE(w.find("To (ws 'face.npy') is a W array, which has no z"), std::string::npos) << w;
    EXPECT_NE(w.find("Interpolate in w"), std::string::npos) << w;

    EXPECT_EQ(buildInterpolationRequest(open(kRow2, kCol0, 4, InterpolationSpace::Z), g)->space, InterpolationSpace::W);
    EXPECT_EQ(buildInterpolationRequest(open(kRow0, kCol1, 4, InterpolationSpace::Z), g)->space, InterpolationSpace::W);
    EXPECT_EQ(buildInterpolationRequest(open(kRow0, kCol0, 4, InterpolationSpace::Z), g)->space, InterpolationSpace::Z)
        << "the choice comes back with two seeds";
}

// A rendered strip of `n` frames, frame i's ws all equal to i.
InterpolationResult frames(int n) {
    InterpolationResult r;
    for (int i = 0; i < n; ++i) {
        r.ws.push_back(wArray(static_cast<float>(i), "engine's name"));
        r.images.push_back(makeImage(4, 4, 3));
    }
    return r;
}

TEST(StripFrames, AFrameJoinsTheRowsOrColumnsAsItsWs) {
    const MixRequest g = grid();
    const InterpolationRequest req = *buildInterpolationRequest(open(kRow0, kCol0, 3, InterpolationSpace::W), g);
    const InterpolationResult res = frames(3);
    SourcesState sources;
    const std::size_t rows = sources.rows.items.size();
    EXPECT_EQ(addStripFrameSource(sources, SourceSide::Rows, req, res, 1), "");
    ASSERT_EQ(sources.rows.items.size(), rows + 1);
    const Source& added = sources.rows.items.back();
    ASSERT_EQ(added.kind, Source::Kind::Ws);
    EXPECT_EQ(added, Source::ws(res.ws[1])) << "the frame's ws, by content";
    EXPECT_EQ(added.ws_array->name, "85>821@0.5");
    EXPECT_NE(sources.rows.spec.find("85>821@0.5"), std::string::npos) << sources.rows.spec;

    EXPECT_EQ(addStripFrameSource(sources, SourceSide::Cols, req, res, 2), "");
    EXPECT_EQ(sources.cols.items.back(), Source::ws(res.ws[2]));
    EXPECT_EQ(addStripFrameSource(sources, SourceSide::Cols, req, res, 3), "that frame is gone");

    while (sources.cols.items.size() < static_cast<std::size_t>(SourcesState::kMaxSources))
        sources.cols.items.push_back(Source{1});
    const auto before = sources.cols.items;
    EXPECT_EQ(addStripFrameSource(sources, SourceSide::Cols, req, res, 0),
              "at most 16 sources per list: remove a column first");
    EXPECT_EQ(sources.cols.items, before);
}

TEST(StripFrames, AFrameAddedAsASourceMakesTheSameStripEndAgain) {
    // A frame used as a source is an end the strip can use in w (it has no z).
    MixRequest g = grid();
    const InterpolationRequest req = *buildInterpolationRequest(open(kRow0, kCol0, 3, InterpolationSpace::Z), g);
    g.cols.push_back(stripFrameSource(req, frames(3), 1));
    const auto again = buildInterpolationRequest(open(kRow0, {SourceSide::Cols, 2}, 3, InterpolationSpace::Z), g);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->space, InterpolationSpace::W);
    EXPECT_EQ(again->to.kind, Source::Kind::Ws);
}

TEST(StripExport, TheRecipeIsTheStripsRequestAndRoundTrips) {
    const ModelFacts facts = test::makeFacts(64);
    const MixRequest g = grid();
    const InterpolationRequest req = *buildInterpolationRequest(open(kRow0, kCol1, 6, InterpolationSpace::W), g);
    const InterpolationResult res = frames(6);
    ExportSources s;
    s.facts = &facts;
    EXPECT_FALSE(canExport(ExportKind::Strip, s)) << "no strip yet";
    s.strip = &res;
    s.strip_request = &req;
    ASSERT_TRUE(canExport(ExportKind::Strip, s));
    const Recipe r = makeRecipe(ExportKind::Strip, s, false, 4);
    EXPECT_EQ(r.kind, RecipeKind::Interpolation);
    ASSERT_TRUE(r.interpolation);
    EXPECT_EQ(*r.interpolation, req);
    EXPECT_EQ(r.model_sha256, facts.sha256);
    const Recipe back = recipeFromJson(recipeToJson(r), "strip.json");
    ASSERT_TRUE(back.interpolation);
    EXPECT_EQ(*back.interpolation, req) << "the W-array end's values travel in the recipe";
    EXPECT_NE(suggestExportPath("/tmp/none-such-dir", ExportKind::Strip).find("stylemix-strip-001.png"), std::string::npos);
}

TEST(StripLayout, ClosedItIsOneLineOpenItsFramesFitTheWidthAndAShareOfTheHeight) {
    const float line = 24;
    EXPECT_EQ(layoutStrip(ImVec2(1000, 800), false, 8, line, 1).height, line);
    const StripLayout wide = layoutStrip(ImVec2(3000, 1000), true, 8, line, 1);
    EXPECT_EQ(wide.frames.rows, 1);
    EXPECT_EQ(wide.frames.tile, std::floor(1000 * StripLayout::kFramesShare - line)) << "limited by the height";
    EXPECT_EQ(wide.height, line + wide.frames.tile);
    const StripLayout narrow = layoutStrip(ImVec2(560, 500), true, 8, line, 2);
    EXPECT_EQ(narrow.frames.rows, 1);
    EXPECT_EQ(narrow.frames.tile, std::floor((560 - 7 * StripLayout::kGap) / 8)) << "limited by the width";
    EXPECT_EQ(narrow.height, 2 * line + narrow.frames.tile);
    EXPECT_LE(narrow.height, 500 * StripLayout::kFramesShare);
}

TEST(StripLayout, ManyFramesWrapIntoRowsRatherThanShrink) {
    // 32 frames in 430 x 87: one row would give 11-unit tiles; three rows of 11 give 27.
    const StripFrameGrid g = fitStripFrames(ImVec2(430, 87), 32);
    EXPECT_EQ(g.columns, 11);
    EXPECT_EQ(g.rows, 3);
    EXPECT_EQ(g.tile, 27);
    EXPECT_LE(g.size().x, 430);
    EXPECT_LE(g.size().y, 87);
    const StripFrameGrid one_row = fitStripFrames(ImVec2(1500, 200), 8);
    EXPECT_EQ(one_row.rows, 1) << "a row of frames while they fit at the height";
    EXPECT_EQ(one_row.tile, 185);
    EXPECT_EQ(fitStripFrames(ImVec2(20, 10), 32).tile, StripLayout::kMinTile) << "never below the minimum";
}

TEST(StripLayout, ControlGroupsWrapOnlyWhereTheLineIsFull) {
    StripControlWidths w;
    w.header = 150, w.ends = 200, w.settings = 300, w.spacing = 10;
    const StripControlFlow one = flowStripControls(670, w);
    EXPECT_EQ(one.lines, 1);
    EXPECT_FALSE(one.ends_below || one.settings_below);
    const StripControlFlow two = flowStripControls(500, w);
    EXPECT_EQ(two.lines, 2);
    EXPECT_FALSE(two.ends_below);
    EXPECT_TRUE(two.settings_below);
    const StripControlFlow three = flowStripControls(320, w);
    EXPECT_EQ(three.lines, 3);
    EXPECT_TRUE(three.ends_below && three.settings_below);
    const StripControlFlow ends_and_settings = flowStripControls(505, StripControlWidths{450, 200, 300, 10});
    EXPECT_TRUE(ends_and_settings.ends_below);
    EXPECT_TRUE(ends_and_settings.settings_below) << "200 + 10 + 300 > 505";
}

// Every control is inside the strip's area at the explorer's narrowest main area and at a wide one.
TEST(StripLayout, TheControlsStayInsideTheArea) {
    ImGuiHarness ui;
    const ModelFacts facts = test::makeFacts(64);
    const MixRequest g = grid();
    for (const float width : {430.f, 700.f, 1500.f}) {
        StripState state = open(kRow0, kCol1, 8, InterpolationSpace::W);
        StripViewState view;
        StripViewInput in;
        in.facts = &facts;
        in.grid = &g;
        float right = 0, bottom = 0, frames_top = 0;
        ui.frame([&] {
            CanvasFrame canvases = ui.canvases();
            drawStripView(state, view, in, canvases);
            right = ImGui::GetCurrentWindow()->DC.CursorMaxPos.x;
            bottom = ImGui::GetCurrentWindow()->DC.CursorMaxPos.y;
            frames_top = canvases.jobs.empty() ? 0 : canvases.jobs[0].screen_pos.y;
        }, ImVec2(width, 400));
        const ImGuiWindow* w = ImGui::FindWindowByName(ImGuiHarness::kWindow);
        EXPECT_LE(right, w->WorkRect.Max.x + 0.5f) << "width " << width;
        const int lines = flowStripControls(w->WorkRect.GetWidth(), stripControlWidths()).lines;
        EXPECT_NEAR(frames_top - w->WorkRect.Min.y, lines * ImGui::GetFrameHeightWithSpacing(), 1.f) << "width " << width;
        EXPECT_GT(bottom, frames_top);
    }
}

bool tooltipShown() {
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if ((w->Flags & ImGuiWindowFlags_Tooltip) && w->Active) return true;
    return false;
}

// The z radio, hovered and clicked: greyed with the reason while an end has no z.
TEST(StripView, TheZRadioIsGreyedWhileAnEndHasNoZ) {
    ImGuiHarness ui;
    const ModelFacts facts = test::makeFacts(64);
    const MixRequest g = grid();
    for (const bool w_end : {false, true}) {
        StripState state = open(kRow0, w_end ? kCol1 : kCol0, 4, InterpolationSpace::W);
        StripViewState view;
        StripViewInput in;
        in.facts = &facts;
        in.grid = &g;
        const auto draw = [&] {
            ui.frame([&] {
                CanvasFrame canvases = ui.canvases();
                drawStripView(state, view, in, canvases);
            }, ImVec2(1200, 600));
        };
        draw();
        const ImVec2 z((view.z_min.x + view.z_max.x) / 2, (view.z_min.y + view.z_max.y) / 2);
        ui.mouse(z, false);
        draw();
        draw();
        EXPECT_EQ(tooltipShown(), true) << "the reason, or what z does";
        EXPECT_EQ(ImGui::GetCurrentContext()->HoveredIdDisabled, w_end) << "greyed, W end " << w_end;
        ui.mouse(z, true);
        draw();
        ui.mouse(z, false);
        draw();
        EXPECT_EQ(state.space, w_end ? InterpolationSpace::W : InterpolationSpace::Z) << "W end " << w_end;
        ui.mouse(ImVec2(-100, -100), false);
        draw();
    }
}

TEST(StripView, IsDockedUnderTheGridAndAsksNothingWhileClosed) {
    ViewHost host(makeViews());
    const std::vector<View*> tab = host.tabViews("grid");
    ASSERT_EQ(tab.size(), 2u);
    EXPECT_STREQ(tab[0]->id(), "grid");
    EXPECT_STREQ(tab[1]->id(), StripTab::kId);
    EXPECT_TRUE(host.tabViews(StripTab::kId).empty()) << "a docked view has no tab of its own";
    EXPECT_EQ(host.tabOf(StripTab::kId), "grid");
    EXPECT_EQ(host.tabOf("lab"), "lab");
    ASSERT_EQ(host.tabViews("lab").size(), 1u);

    StripTab strip;
    test::Panels panels;
    const ModelFacts facts = test::makeFacts(64);
    EXPECT_TRUE(strip.buildRequest(panels, facts).empty());
    panels.strip.open = true;
    const std::vector<ViewJob> jobs = strip.buildRequest(panels, facts);
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0].view, StripTab::kId);
    const auto* req = std::get_if<InterpolationRequest>(&jobs[0].request);
    ASSERT_TRUE(req);
    EXPECT_EQ(*req, *buildInterpolationRequest(panels.strip, panels.request(facts)));
    EXPECT_EQ(req->from, Source{85}) << "row 0 of the default seeds";
    EXPECT_EQ(req->to, Source{55}) << "column 0";
    EXPECT_FALSE(strip.shows(jobs[0]));
    strip.submitted(jobs);
    WorkerResult failed;
    failed.view = StripTab::kId;
    failed.payload = InterpolationResult{};
    failed.error = "boom";
    strip.failed(failed);
    EXPECT_TRUE(strip.buildRequest(panels, facts).empty()) << "a failed strip is not asked again until it changes";
    panels.strip.steps = 5;
    EXPECT_EQ(strip.buildRequest(panels, facts).size(), 1u);
}

}  // namespace
}  // namespace stylemix::gui

namespace stylemix::gui {
namespace {

// "Interpolate from here" / "…to here" on a grid source tile set the strip's ends and open it.
TEST(StripView, ASourceTilesMenuSetsTheStripsEnds) {
    ImGuiHarness ui;
    const ModelFacts facts = test::makeFacts(64);
    test::Panels panels;
    ExportState exports;
    TextureStore textures;
    GridTab grid;
    const auto choose = [&](TileActionKind kind, LabSelection tile) {
        ViewFrame frame(panels, exports, textures);
        frame.facts = &facts;
        grid.state().tile_action = TileAction{kind, tile};
        ui.frame([&] {
            CanvasFrame canvases = ui.canvases();
            grid.draw(frame, canvases);
        });
        grid.prepare(frame);
    };
    choose(TileActionKind::InterpolateTo, LabSelection{LabSelection::Kind::RowSource, 3, 0});
    EXPECT_TRUE(panels.strip.open);
    EXPECT_EQ(panels.strip.to, (StripEnd{SourceSide::Rows, 3}));
    choose(TileActionKind::InterpolateFrom, LabSelection{LabSelection::Kind::ColSource, 0, 2});
    EXPECT_EQ(panels.strip.from, (StripEnd{SourceSide::Cols, 2}));
    EXPECT_EQ(panels.strip.to, (StripEnd{SourceSide::Rows, 3}));
    EXPECT_EQ(tileActionLabel(TileActionKind::InterpolateFrom, LabSelection{LabSelection::Kind::ColSource, 0, 2},
                              panels.request(facts)),
              "Interpolate from here");
}

}  // namespace
}  // namespace stylemix::gui

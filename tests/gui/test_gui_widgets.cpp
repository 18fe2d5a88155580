// Custom widgets and views, headless: mouse input is simulated through ImGuiIO.
#include "imgui_harness.h"
#include "panel_fixture.h"

#include "gui/views/grid/grid_view.h"
#include "gui/widgets/knob.h"
#include "gui/widgets/labels.h"
#include "gui/views/lab/noise_lab_view.h"
#include "gui/widgets/range_bar.h"
#include "gui/request_builder.h"

#include <gtest/gtest.h>

namespace stylemix::gui {
namespace {

using test::ImGuiHarness;
using test::makeFacts;

TEST(Labels, ResolutionsAndRanges) {
    const ModelFacts facts = makeFacts(64);
    EXPECT_EQ(resolutionLabel(16), "16\xC2\xB2");
    const auto labels = wsLabels(&facts, facts.num_ws);
    ASSERT_EQ(labels.size(), 10u);
    EXPECT_EQ(labels[0], resolutionLabel(4));
    EXPECT_EQ(labels[9], resolutionLabel(64));
    EXPECT_EQ(wsRangeText(&facts, 0, 4), "ws 0-3 (4\xC2\xB2-8\xC2\xB2)");
    EXPECT_EQ(stylesText(&facts, {9}), "ws 9 (64\xC2\xB2)");
    EXPECT_EQ(stylesText(nullptr, {1, 3}), "ws 1,3");
    EXPECT_EQ(stylesText(nullptr, {}), "none");
    EXPECT_EQ(stylesText(nullptr, {1, 5, 7}), "ws 1,5,7");
    EXPECT_EQ(stylesText(nullptr, {0, 1, 2, 5, 8, 9}), "ws 0-2,5,8,9");
    EXPECT_EQ(bandOf({8, 9}, facts), Band::Fine);
    EXPECT_EQ(bandOf({2, 3, 4}, facts), Band::Custom);
    EXPECT_EQ(bandOf({}, facts), Band::Custom);
}

TEST(Knob, MappingPutsOneStraightUpAndRoundTrips) {
    EXPECT_FLOAT_EQ(knobToValue(0.f, 10.f), 0.f);
    EXPECT_FLOAT_EQ(knobToValue(0.5f, 10.f), 1.f);
    EXPECT_FLOAT_EQ(knobToValue(1.f, 10.f), 10.f);
    for (float v : {0.f, 0.25f, 1.f, 3.f, 10.f}) EXPECT_NEAR(knobToValue(valueToKnob(v, 10.f), 10.f), v, 1e-4f);
}

TEST(Knob, DragChangesAndDoubleClickResets) {
    ImGuiHarness ui;
    float value = 1.f;
    ImVec2 center;
    auto draw = [&] {
        ui.frame([&] {
            Knob("k", &value, 10.f, 1.f, "conv0", nullptr, nullptr);
            center = ImVec2((ImGui::GetItemRectMin().x + ImGui::GetItemRectMax().x) / 2,
                            (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) / 2);
        });
    };
    draw();
    ui.mouse(center, false);
    draw();
    ui.mouse(center, true);
    draw();
    ui.mouse(ImVec2(center.x, center.y - 40), true);   // drag up = more
    draw();
    ui.mouse(ImVec2(center.x, center.y - 40), false);
    draw();
    EXPECT_GT(value, 1.f);
    // Double-click: two presses in quick succession.
    for (int i = 0; i < 2; ++i) {
        ui.mouse(center, true);
        draw();
        ui.mouse(center, false);
        draw();
    }
    EXPECT_EQ(value, 1.f);
}

TEST(GridLayout, HitTestingFindsSourcesAndCells) {
    const GridLayout g = layoutGrid(ImVec2(1000, 700), 5, 4, 64, 0.f, false);
    ASSERT_GT(g.tile, 64.f);
    EXPECT_LE(g.size.x, 1000.f);
    EXPECT_LE(g.size.y, 700.f);
    auto center = [&](int r, int c) {
        const ImVec2 p = g.tileMin(r, c);
        return ImVec2(p.x + g.tile / 2, p.y + g.tile / 2);
    };
    EXPECT_EQ(g.hit(center(-1, 2)), std::make_pair(-1, 2));
    EXPECT_EQ(g.hit(center(3, -1)), std::make_pair(3, -1));
    EXPECT_EQ(g.hit(center(4, 3)), std::make_pair(4, 3));
    EXPECT_FALSE(g.hit(center(-1, -1)));   // the empty corner
    EXPECT_FALSE(g.hit(ImVec2(g.tile + 1, 5)));   // the gap after the sources
    const GridLayout snapped = layoutGrid(ImVec2(1000, 700), 5, 4, 64, 0.f, true);
    EXPECT_EQ(static_cast<int>(snapped.tile) % 64, 0);
}

TEST(GridLayout, NeverShrinksBelowPixelSizeToFitAndZoomsOnRequest) {
    // 800x600 with a big grid: fit would make 64 px tiles smaller; it keeps 64 and scrolls.
    const GridLayout fit = layoutGrid(ImVec2(450, 400), 8, 8, 64, 0.f, false);
    EXPECT_EQ(fit.tile, 64.f);
    EXPECT_GT(fit.size.x, 450.f);
    EXPECT_EQ(layoutGrid(ImVec2(450, 400), 8, 8, 64, 0.5f, false).tile, 32.f);   // an explicit zoom below x1
    EXPECT_EQ(layoutGrid(ImVec2(450, 400), 2, 2, 64, 2.6f, false).tile, 166.f);
    EXPECT_EQ(layoutGrid(ImVec2(450, 400), 2, 2, 64, 2.6f, true).tile, 128.f);   // integer: x2
    EXPECT_EQ(layoutGrid(ImVec2(450, 400), 2, 2, 64, 0.4f, true).tile, 21.f);    // integer below x1: 1/3
    EXPECT_FLOAT_EQ(integerScale(0.5f), 0.5f);
    EXPECT_FLOAT_EQ(integerScale(0.45f), 1.f / 3.f);
    EXPECT_FLOAT_EQ(integerScale(3.9f), 3.f);
}

TEST(GridView, ComposesEveryTileAndOpensClickedCellsInTheLab) {
    ImGuiHarness ui;
    const ModelFacts facts = makeFacts(64);
    const MixRequest mix = test::Panels().request(facts);
    ui.uploaded = {{GridSlot::RowSource, 0, 0}, {GridSlot::Cell, 0, 0}};
    GridViewState state;
    GridViewInput in;
    in.facts = &facts;
    in.request = &mix;
    GridViewEvents events;
    CanvasFrame canvases = ui.canvases();
    auto draw = [&] {
        canvases = ui.canvases();
        ui.frame([&] { events = drawGridView(state, in, canvases); });
    };
    draw();
    ASSERT_EQ(canvases.jobs.size(), 1u);
    const CanvasJob& job = canvases.jobs[0];
    EXPECT_EQ(job.id, GridSlot::Canvas);

    ASSERT_EQ(job.draws.size(), 6u * 5u - 1u);   // (rows+1) x (cols+1) minus the corner
    int tiles = 0;
    for (const CanvasDraw& d : job.draws) tiles += d.pass == PassKind::Tile;
    EXPECT_EQ(tiles, 2);   // the rest are placeholders until rendered

    // Click the cell at row 2, column 1.
    const float tile = job.draws[0].p1.x - job.draws[0].p0.x;
    const CanvasDraw* target = nullptr;
    for (const CanvasDraw& d : job.draws)
        if (d.image == ImageKey{GridSlot::Cell, 2, 1}) target = &d;
    ASSERT_TRUE(target);
    const ImVec2 click(state.canvas_min.x + target->p0.x + tile / 2, state.canvas_min.y + target->p0.y + tile / 2);
    ui.mouse(click, false);
    draw();
    ui.mouse(click, true);
    draw();
    ASSERT_TRUE(events.open_in_lab);
    EXPECT_EQ(*events.open_in_lab, (LabSelection{LabSelection::Kind::Cell, 2, 1}));

    // An unchanged frame lays out an equal job (the app then skips redrawing
    // the canvas); dimming the tiles does not.
    {
        draw();
        const CanvasJob first = canvases.jobs.at(0);
        draw();
        ASSERT_EQ(canvases.jobs.size(), 1u);
        EXPECT_TRUE(canvases.jobs[0] == first);
        CanvasJob dimmed = first;
        dimmed.draws.back().dim = 0.55f;
        EXPECT_TRUE(dimmed != first);
        in.dim = [](const ImageKey&) { return 0.55f; };
        draw();
        EXPECT_TRUE(canvases.jobs[0] != first);
        in.dim = nullptr;
        draw();
    }
}

TEST(NoiseLabView, LaysOutItsFourCanvasesAndClampsTheCrop) {
    ImGuiHarness ui;
    const ModelFacts facts = makeFacts(64);
    LabState state;
    state.selection = {LabSelection::Kind::Cell, 0, 0};
    state.crop = {60, 60, 30, 30};
    NoiseLabResult result;
    result.realisations.assign(6, shareImage(makeImage(64, 64, 3)));
    result.stddev = makeImage(64, 64, 1);
    result.stddev_levels.assign(64 * 64, 1.f);
    result.max_stddev = 5.1f;
    LabViewInput in;
    in.facts = &facts;
    in.result = &result;
    in.subject_text = "cell";
    CanvasFrame canvases = ui.canvases();
    ui.frame([&] { drawNoiseLabView(state, in, canvases); });
    std::set<CanvasId> ids;
    for (const CanvasJob& j : canvases.jobs) ids.insert(j.id);
    EXPECT_EQ(ids, (std::set<CanvasId>{LabSlot::SubjectCanvas, LabSlot::StdDevCanvas, LabSlot::LegendCanvas,
                                        LabSlot::SplitCanvas, LabSlot::CropsCanvas, LabSlot::DifferenceCanvas}));
    EXPECT_EQ(state.crop, (CropRect{34, 34, 30, 30}));   // moved inside the image
    EXPECT_FLOAT_EQ(state.gain, autoStdDevGain(5.1f));
    EXPECT_NEAR(state.gain * 5.1f, 255.f, 0.6f);
}

TEST(NoiseLabView, StdDevTexelsEncodeLevels) {
    NoiseLabResult result;
    result.stddev_levels = {0.f, 1.f, 10.5f, 100.f};
    const Image img = stddevTexelImage(result, 2);
    EXPECT_EQ(img.pixels, (std::vector<std::uint8_t>{0, 4, 42, 255}));
}

}  // namespace
}  // namespace stylemix::gui

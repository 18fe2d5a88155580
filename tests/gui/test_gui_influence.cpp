// The Influence view, headless: its spec from the panels (the lab's cell in
// the grid, the grid's truncation and noise, the bands), its one mixing job,
// the maps of a (partial) result on one scale, the threshold changing only the
// fractions, its layout at small and large windows, its empty state, the tile
// menu entry, and its export (PNG + "influence" recipe composed as `stylemix
// render` composes it).
#include "imgui_harness.h"
#include "panel_fixture.h"

#include "gui/views/grid/grid_tab.h"
#include "gui/views/grid/tile_actions.h"
#include "gui/views/influence/influence_tab.h"
#include "gui/views/influence/influence_view.h"

#include "model/core/influence_figure.h"
#include "model/core/influence_request.h"
#include "model/io/image_io.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

namespace stylemix::gui {
namespace {

using test::ImGuiHarness;
using Kind = LabSelection::Kind;

test::Panels cellSelected(int row = 1, int col = 2) {
    test::Panels p;
    p.lab.selection = {Kind::Cell, row, col};
    p.noise.mode = NoiseMode::Random;
    p.noise.seed = 7;
    p.sources.psi = 0.7;
    return p;
}

TEST(InfluenceSpecBuilder, TheCellThenTheModelsBandsWithTheGridsSettings) {
    const ModelFacts facts = test::makeFacts(64);
    const test::Panels panels = cellSelected();
    const MixRequest grid = panels.request(facts);
    InfluenceViewState state;
    state.threshold = 12;
    const auto spec = buildInfluenceSpec(state, panels.lab.selection, grid, facts);
    ASSERT_TRUE(spec);
    EXPECT_EQ(spec->a, grid.rows[1]);
    EXPECT_EQ(spec->b, grid.cols[2]);
    ASSERT_EQ(spec->bands.size(), 4u);
    EXPECT_EQ(spec->bands[0], grid.stylesForRow(1));
    EXPECT_EQ(spec->band_labels, (std::vector<std::string>{"cell", "coarse", "middle", "fine"}));
    EXPECT_EQ(spec->bands[1].front(), facts.coarse.begin);
    EXPECT_EQ(spec->bands[3].back(), facts.fine.end - 1);
    EXPECT_EQ(spec->truncation, grid.truncation);
    EXPECT_EQ(spec->noise, grid.noise);
    EXPECT_EQ(spec->threshold, 12);

    state.bands = false;
    EXPECT_EQ(buildInfluenceSpec(state, panels.lab.selection, grid, facts)->bands.size(), 1u) << "the cell alone";
    for (const LabSelection& not_a_cell : {LabSelection{}, LabSelection{Kind::RowSource, 0, 0}, LabSelection{Kind::ColSource, 0, 1},
                                           LabSelection{Kind::Cell, 99, 0}, LabSelection{Kind::Cell, 0, 99}})
        EXPECT_FALSE(buildInfluenceSpec(state, not_a_cell, grid, facts));
}

// A result of `request` (rows: A per band, one column: B). With `pixels`, W x W
// images that differ; without, empty placeholders (nothing reaches GL headless).
WorkerResult mixResult(const MixRequest& request, bool partial = false) {
    MixResult r;
    r.row_images.assign(request.rows.size(), shareImage(Image{}));
    r.col_images = {shareImage(Image{})};
    for (std::size_t i = 0; i < request.rows.size(); ++i) r.cells.push_back({shareImage(Image{})});
    WorkerResult w;
    w.view = InfluenceTab::kId;
    w.partial = partial;
    w.payload = std::move(r);
    return w;
}

std::vector<CanvasDraw> influenceDraws(const CanvasFrame& canvases) {
    std::vector<CanvasDraw> out;
    for (const CanvasJob& job : canvases.jobs)
        for (const CanvasDraw& d : job.draws) out.push_back(d);
    return out;
}

TEST(InfluenceTab, OneMixJobTheThresholdRendersNothingAndExportsTakeIt) {
    ImGuiHarness ui;
    const ModelFacts facts = test::makeFacts(64);
    test::Panels panels = cellSelected();
    ExportState exports;
    TextureStore textures;
    InfluenceTab tab;
    const auto draw = [&](ImVec2 size = ImVec2(1400, 900)) {
        ViewFrame frame(panels, exports, textures);
        frame.facts = &facts;
        CanvasFrame canvases = ui.canvases();
        ui.frame([&] { tab.draw(frame, canvases); }, size);
        return influenceDraws(canvases);
    };

    std::vector<ViewJob> jobs = tab.buildRequest(panels, facts);
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0].view, InfluenceTab::kId);
    const auto spec = buildInfluenceSpec(InfluenceViewState{}, panels.lab.selection, panels.request(facts), facts);
    const MixRequest first = std::get<MixRequest>(jobs[0].request);
    EXPECT_EQ(first, influenceMixRequest(*spec)) << "A once per band, B as the one column: a job the worker renders already";
    EXPECT_EQ(first.rows.size(), 4u);
    EXPECT_FALSE(tab.shows(jobs[0]));
    tab.submitted(jobs);
    EXPECT_TRUE(draw().empty()) << "nothing on screen yet";

    tab.accept(mixResult(first, /*partial=*/true), textures);
    EXPECT_FALSE(tab.complete());
    tab.accept(mixResult(first), textures);
    EXPECT_TRUE(tab.complete());
    EXPECT_TRUE(tab.shows(jobs[0]));
    const std::vector<CanvasDraw> shown = draw();
    // A, B, 4 bands x (mix, |mix - A|, |mix - B|), the colour bar's ramp.
    EXPECT_EQ(shown.size(), 2u + 4u * 3u + 1u);

    ExportSources sources;
    tab.addExportSources(sources);
    ASSERT_TRUE(sources.influence_spec);
    EXPECT_EQ(influenceMixRequest(*sources.influence_spec), first);
    EXPECT_EQ(sources.influence_spec->threshold, kDefaultInfluenceThreshold);

    tab.state().threshold = 20;   // only the fractions change: the same job, still on screen
    jobs = tab.buildRequest(panels, facts);
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(std::get<MixRequest>(jobs[0].request), first);
    EXPECT_TRUE(tab.shows(jobs[0]));
    draw();
    sources = ExportSources{};
    tab.addExportSources(sources);
    ASSERT_TRUE(sources.influence_spec);
    EXPECT_EQ(sources.influence_spec->threshold, 20) << "the export's threshold is the slider's";

    tab.state().bands = false;   // a new figure: the old one stays (dimmed) until it comes
    jobs = tab.buildRequest(panels, facts);
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(std::get<MixRequest>(jobs[0].request).rows.size(), 1u);
    tab.submitted(jobs);
    const std::vector<CanvasDraw> stale = draw();
    ASSERT_FALSE(stale.empty());
    EXPECT_GT(stale.front().dim, 0.f);
    sources = ExportSources{};
    tab.addExportSources(sources);
    EXPECT_EQ(sources.influence_spec->bands.size(), 4u) << "exports keep the complete figure on screen";
}

TEST(InfluenceTab, AFailedRequestIsNotAskedAgainUntilItChanges) {
    const ModelFacts facts = test::makeFacts(64);
    test::Panels panels = cellSelected();
    TextureStore textures;
    InfluenceTab tab;
    std::vector<ViewJob> jobs = tab.buildRequest(panels, facts);
    tab.submitted(jobs);
    WorkerResult failed;
    failed.view = InfluenceTab::kId;
    failed.payload = MixResult{};
    failed.error = "boom";
    tab.failed(failed);
    EXPECT_TRUE(tab.buildRequest(panels, facts).empty()) << "a failed request is not asked again";
    tab.state().threshold = 30;
    EXPECT_TRUE(tab.buildRequest(panels, facts).empty()) << "the threshold renders nothing new";
    panels.lab.selection = {Kind::Cell, 0, 0};
    EXPECT_EQ(tab.buildRequest(panels, facts).size(), 1u);
    tab.modelChanged();
    EXPECT_FALSE(tab.complete());
    EXPECT_TRUE(tab.display().from_a.empty());
}

Image flat(int w, std::uint8_t v) { return makeImage(w, w, 3, v); }

// The maps of a partial result: the bands whose three images are in, on one scale.
TEST(InfluenceDisplay, MapsOfTheBandsInOnOneScale) {
    MixResult r;
    r.row_images = {shareImage(flat(8, 100)), shareImage(flat(8, 100))};
    r.col_images = {shareImage(flat(8, 200))};
    r.cells = {{shareImage(flat(8, 140))}, {nullptr}};
    InfluenceDisplay d = influenceDisplay(r);
    ASSERT_TRUE(d.complete(0));
    EXPECT_FALSE(d.complete(1)) << "its mix has not arrived";
    EXPECT_EQ(d.from_a[0]->peak, 40);
    EXPECT_EQ(d.from_b[0]->peak, 60);
    EXPECT_EQ(d.top, 60);
    MixResult part;
    part.cells = {{nullptr}, {shareImage(flat(8, 10))}};
    mergeTiles(r, std::move(part));
    ASSERT_TRUE(r.cells[0][0]) << "a partial publish keeps the tiles it does not carry";
    d = influenceDisplay(r);
    ASSERT_TRUE(d.complete(1));
    EXPECT_EQ(d.from_b[1]->peak, 190);
    EXPECT_EQ(d.top, 190) << "one scale over every band";
}

TEST(InfluenceView, TilesFitSmallAndLargeWindows) {
    for (const ImVec2 avail : {ImVec2(480, 420), ImVec2(900, 560), ImVec2(1600, 950)}) {
        InfluenceGeometryInput in;
        in.avail = avail;
        in.bands = 3;
        in.em = 13;
        in.line = 17;
        const InfluenceGeometry g = influenceGeometry(in);
        SCOPED_TRACE(std::to_string(avail.x) + "x" + std::to_string(avail.y));
        const float gap = 0.4f * in.em, group_gap = 1.2f * in.em;
        EXPECT_LE(5 * g.cell_tile + 4 * gap + group_gap + 3.6f * in.em, avail.x) << "the cell's row fits across";
        EXPECT_LE(g.groups_per_row * (3 * g.band_tile + 2 * gap) + (g.groups_per_row - 1) * group_gap, avail.x);
        EXPECT_GE(g.band_tile, 40.f) << "band tiles stay readable";
        EXPECT_LE(g.band_tile, g.cell_tile);
        EXPECT_EQ(g.band_rows, (3 + g.groups_per_row - 1) / g.groups_per_row);
        const float height = in.line * (2 + 3 + 1 + 3 * g.band_rows) + in.em + g.cell_tile + g.band_rows * g.band_tile;
        EXPECT_LE(height, avail.y) << "everything shows without scrolling";
    }
    InfluenceGeometryInput wide;
    wide.avail = ImVec2(1600, 950);
    wide.bands = 3;
    EXPECT_EQ(influenceGeometry(wide).groups_per_row, 3) << "a wide window: the three bands side by side";
}

TEST(InfluenceView, WithoutACellItOffersTheFirstCell) {
    ImGuiHarness ui;
    const ModelFacts facts = test::makeFacts(64);
    InfluenceViewState state;
    InfluenceViewInput in;
    in.facts = &facts;
    const ImVec2 size(800, 600);
    CanvasFrame canvases = ui.canvases();
    ui.frame([&] { drawInfluenceView(state, in, canvases); }, size);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin(ImGuiHarness::kWindow);
    ImGui::PushID("influence");
    ImGui::BeginChild("influence-main");
    ImGui::ActivateItem(ImGui::GetID("Show the first cell"));
    ImGui::EndChild();
    ImGui::PopID();
    ImGui::End();
    ImGui::Render();
    InfluenceViewEvents events;
    ui.frame([&] { events = drawInfluenceView(state, in, canvases); }, size);
    EXPECT_TRUE(events.pick_first_cell);
    EXPECT_TRUE(canvases.jobs.empty()) << "no tiles without a cell";
}

TEST(InfluenceView, TheTileMenuOpensACellInTheView) {
    ImGuiHarness ui;
    const ModelFacts facts = test::makeFacts(64);
    test::Panels panels;
    ExportState exports;
    TextureStore textures;
    GridTab grid;
    ViewFrame frame(panels, exports, textures);
    frame.facts = &facts;
    grid.state().tile_action = TileAction{TileActionKind::ShowInfluence, LabSelection{Kind::Cell, 2, 1}};
    ui.frame([&] {
        CanvasFrame canvases = ui.canvases();
        grid.draw(frame, canvases);
    });
    grid.prepare(frame);
    EXPECT_EQ(panels.lab.selection, (LabSelection{Kind::Cell, 2, 1}));
    EXPECT_EQ(frame.show_view, std::optional<std::string>(InfluenceTab::kId));
    EXPECT_EQ(tileActionLabel(TileActionKind::ShowInfluence, LabSelection{Kind::Cell, 2, 1}, panels.request(facts)),
              "Show its influence");
}

// The export dialog's "influence maps": the complete figure's spec as the recipe, the PNG
// composed by the composeInfluenceFigure `stylemix render` uses.
TEST(InfluenceExport, TheCompleteFigureAsPngAndInfluenceRecipe) {
    const ModelFacts facts = test::makeFacts(64);
    const test::Panels panels = cellSelected();
    InfluenceViewState state;
    state.bands = false;
    const InfluenceSpec spec = *buildInfluenceSpec(state, panels.lab.selection, panels.request(facts), facts);
    MixResult result;
    result.row_images = {shareImage(flat(64, 90))};
    result.col_images = {shareImage(flat(64, 200))};
    result.cells = {{shareImage(flat(64, 120))}};
    ExportSources sources;
    sources.facts = &facts;
    EXPECT_FALSE(canExport(ExportKind::Influence, sources)) << "nothing on screen yet";
    sources.influence = &result;
    sources.influence_spec = &spec;
    ASSERT_TRUE(canExport(ExportKind::Influence, sources));
    const Recipe recipe = makeRecipe(ExportKind::Influence, sources, false, 4);
    EXPECT_EQ(recipe.kind, RecipeKind::Influence);
    ASSERT_TRUE(recipe.influence);
    EXPECT_EQ(*recipe.influence, spec);

    const std::filesystem::path dir = std::filesystem::path(STYLEMIX_TEST_TMP) / "influence_export";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    ExportState exporting;
    exporting.kind = ExportKind::Influence;
    exporting.path = suggestExportPath(dir.string(), ExportKind::Influence);
    EXPECT_EQ(std::filesystem::path(exporting.path).filename(), "stylemix-influence-001.png");
    startExport(exporting, sources);
    while (pollExports(exporting)) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_FALSE(exporting.message_is_error) << exporting.message;
    EXPECT_EQ(readPng(exporting.path), composeInfluenceFigure(result, spec).image);
    EXPECT_EQ(readRecipeFile(exporting.path).influence, recipe.influence);
}

}  // namespace
}  // namespace stylemix::gui

// The Layers view, headless: its job from its controls and the panels (the
// lab's subject in the grid, the grid's noise), the visualizer's settings it
// sends (channel clamping, FFT only while on, untransform only with an input
// transform), the layer list's filter, its layout, presses on its controls,
// and its round trip: a result stays on screen (dimmed) while the next one
// renders, a failed request is not asked again, exports take the complete one.
#include "imgui_harness.h"
#include "panel_fixture.h"

#include "gui/views/grid/grid_tab.h"
#include "gui/views/grid/tile_actions.h"
#include "gui/views/layers/layers_request.h"
#include "gui/views/layers/layers_tab.h"
#include "gui/views/layers/layers_view.h"
#include "gui/widgets/labels.h"

#include "model/core/layer_figure.h"
#include "model/io/image_io.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

namespace stylemix::gui {
namespace {

using test::ImGuiHarness;
using Kind = LabSelection::Kind;

// A 64² StyleGAN2's facts with a few of its layers (b64.conv1 given 2 channels: fewer than RGB needs).
ModelFacts layerFacts(bool input_transform = false) {
    ModelFacts f = test::makeFacts(64);
    f.activations = {{"b4.conv1", 512, 4, 4, 1}, {"b4.torgb", 3, 4, 4, 1}, {"b4:0", 512, 4, 4, 1},
                     {"b8.conv0", 512, 8, 8, 2}, {"b64.conv1", 2, 64, 64, 12}, {"output", 3, 64, 64, 13}};
    f.has_input_transform = input_transform;
    return f;
}

test::Panels cellSelected(int row = 1, int col = 2) {
    test::Panels p;
    p.lab.selection = {Kind::Cell, row, col};
    p.noise.mode = NoiseMode::Random;
    p.noise.seed = 7;
    return p;
}

TEST(LayersRequest, TheLabsSubjectInTheGridWithTheGridsNoiseAtTheChosenLayer) {
    const ModelFacts facts = layerFacts();
    const test::Panels panels = cellSelected();
    LayersState state;
    state.layer = "b8.conv0";
    const auto r = buildLayerRequest(state, panels.states(), facts);
    ASSERT_TRUE(r);
    const MixRequest grid = panels.request(facts);
    EXPECT_EQ(r->subject, *buildLabSubject(panels.lab.selection, grid));
    ASSERT_TRUE(r->subject.mix_with) << "a cell: A, B and the mix";
    EXPECT_EQ(r->subject.source, grid.rows[1]);
    EXPECT_EQ(*r->subject.mix_with, grid.cols[2]);
    EXPECT_EQ(r->subject.styles, grid.stylesForRow(1));
    EXPECT_EQ(r->noise, grid.noise);
    EXPECT_EQ(r->noise.mode, NoiseMode::Random);
    EXPECT_EQ(r->layer, "b8.conv0");

    state.layer = "";
    EXPECT_EQ(buildLayerRequest(state, panels.states(), facts)->layer, "output") << "the visualizer's default: the last";
    state.layer = "no-such-layer";
    EXPECT_EQ(buildLayerRequest(state, panels.states(), facts)->layer, "output");

    test::Panels source = panels;
    source.lab.selection = {Kind::ColSource, 0, 1};
    const auto s = buildLayerRequest(state, source.states(), facts);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->subject.source, grid.cols[1]);
    EXPECT_FALSE(s->subject.mix_with) << "a source alone";
    EXPECT_EQ(layerPanelTitles(*s, &facts), (std::vector<std::string>{"seed " + std::to_string(grid.cols[1].seed)}));
    EXPECT_EQ(layerPanelTitles(*r, &facts)[2], "mix: " + stylesText(&facts, grid.stylesForRow(1)) + " from B");
}

TEST(LayersRequest, NothingWithoutATileInTheGridOrWithoutLayers) {
    const ModelFacts facts = layerFacts();
    test::Panels panels;
    EXPECT_FALSE(buildLayerRequest(LayersState{}, panels.states(), facts)) << "no selection";
    panels.lab.selection = {Kind::Cell, 99, 0};
    EXPECT_FALSE(buildLayerRequest(LayersState{}, panels.states(), facts)) << "a cell past the grid";
    panels.lab.selection = {Kind::Cell, 0, 0};
    ModelFacts none = facts;
    none.activations.clear();
    EXPECT_FALSE(buildLayerRequest(LayersState{}, panels.states(), none)) << "a model that lists no layers";
    EXPECT_TRUE(buildLayerRequest(LayersState{}, panels.states(), facts));
}

TEST(LayersRequest, ControlsMapToTheVisualizersSettings) {
    const ModelFacts facts = layerFacts();
    const ActivationInfo& conv = *facts.activation("b8.conv0");   // 512 channels
    LayersState s;
    s.base_channel = 600;
    LayerViewSettings v = layerSettings(s, conv, false);
    EXPECT_EQ(v.display, LayerDisplay::Channels);
    EXPECT_EQ(v.sel_channels, 3);
    EXPECT_EQ(v.base_channel, 509) << "RGB: the last three channels at most";
    s.show = LayerShow::Channel;
    v = layerSettings(s, conv, false);
    EXPECT_EQ(v.sel_channels, 1);
    EXPECT_EQ(v.base_channel, 511);
    s.show = LayerShow::MeanAbs;
    v = layerSettings(s, conv, false);
    EXPECT_EQ(v.display, LayerDisplay::MeanAbs);
    EXPECT_EQ(v.base_channel, 0) << "mean |x| reads every channel: the base channel renders nothing new";

    const ActivationInfo& two = *facts.activation("b64.conv1");
    s.show = LayerShow::Rgb;
    s.base_channel = 5;
    v = layerSettings(s, two, false);
    EXPECT_EQ(v.sel_channels, 1) << "fewer than 3 channels: one, as the visualizer";
    EXPECT_EQ(v.base_channel, 1);
    EXPECT_EQ(baseChannelFor(40, LayerShow::Rgb, conv), 40);
    EXPECT_EQ(baseChannelFor(511, LayerShow::Rgb, conv), 509);

    s.normalize = true;
    s.gain_db = 12.5f;
    s.fft_all = false;
    s.fft_range_db = 20;
    s.fft_beta = 3;
    v = layerSettings(s, conv, false);
    EXPECT_TRUE(v.normalize);
    EXPECT_EQ(v.gain_db, 12.5f);
    EXPECT_FALSE(v.fft);
    EXPECT_EQ(v, [&] {
        LayerViewSettings d;
        d.base_channel = 5;
        d.normalize = true;
        d.gain_db = 12.5f;
        return d;
    }()) << "FFT off: its greyed settings stay at their defaults (moving them renders nothing)";
    s.fft = true;
    v = layerSettings(s, conv, false);
    EXPECT_TRUE(v.fft);
    EXPECT_FALSE(v.fft_all);
    EXPECT_EQ(v.fft_range_db, 20.f);
    EXPECT_EQ(v.fft_beta, 3.f);
    s.gain_db = 90;
    EXPECT_EQ(layerSettings(s, conv, false).gain_db, LayersState::kMaxGainDb);

    s.untransform = true;
    EXPECT_FALSE(layerSettings(s, conv, false).untransform) << "only a model with an input transform";
    EXPECT_TRUE(layerSettings(s, conv, true).untransform);
    EXPECT_EQ(selectionText(layerSettings(s, conv, true), conv), "channels 5-7 as RGB");
}

TEST(LayersList, TheFilterMatchesNamesAndResolutionsInAnyCase) {
    const ModelFacts facts = layerFacts();
    EXPECT_EQ(matchingLayers(facts.activations, ""), (std::vector<int>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(matchingLayers(facts.activations, "B4"), (std::vector<int>{0, 1, 2}));
    EXPECT_EQ(matchingLayers(facts.activations, "torgb"), (std::vector<int>{1}));
    EXPECT_EQ(matchingLayers(facts.activations, "64x64"), (std::vector<int>{4, 5}));
    EXPECT_TRUE(matchingLayers(facts.activations, "zzz").empty());
    EXPECT_EQ(layerShapeText(facts.activations[3]), "512x8x8");
}

TEST(LayersLayout, PanelsSideBySideWhileTheyFitElseInRows) {
    const LayerPanelGrid wide = fitLayerPanels(ImVec2(1200, 500), 3, 1.f, 20);
    EXPECT_EQ(wide.per_row, 3);
    EXPECT_EQ(wide.width, std::floor((1200 - 2 * LayerPanelGrid::kGap) / 3));
    EXPECT_EQ(wide.height, wide.width);
    const LayerPanelGrid tall = fitLayerPanels(ImVec2(300, 1200), 3, 1.f, 20);
    EXPECT_EQ(tall.per_row, 1) << "a narrow, tall area stacks them";
    const LayerPanelGrid fft = fitLayerPanels(ImVec2(1200, 500), 3, 2.f, 20);
    EXPECT_EQ(fft.height * 2, fft.width) << "the FFT beside the image doubles the width";
    EXPECT_EQ(fitLayerPanels(ImVec2(10, 10), 3, 1.f, 20).width, LayerPanelGrid::kMinWidth);
    EXPECT_EQ(fitLayerPanels(ImVec2(600, 400), 1, 1.f, 20).per_row, 1);
    EXPECT_EQ(layersListWidth(450, 15), 0.f) << "at 800x600 a combo above the panels picks the layer";
    EXPECT_GE(layersListWidth(600, 15), 150.f) << "the side list, at least ten ems";
    EXPECT_EQ(layersListWidth(1600, 15), 18 * 15.f);
}

// Presses `label` inside the layer view's controls table (its ID lives in the main child and the table).
void pressControl(ImVec2 size, const char* label) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin(ImGuiHarness::kWindow);
    ImGui::PushID("layers");
    ImGui::BeginChild("layers-main");
    ImGui::PushOverrideID(ImGui::GetID("controls"));   // BeginTable's ID scope
    ImGui::ActivateItem(ImGui::GetID(label));
    ImGui::PopID();
    ImGui::EndChild();
    ImGui::PopID();
    ImGui::End();
    ImGui::Render();
}

// Presses layer `index`'s entry of the list (in the list's two nested children).
void pressLayer(ImVec2 size, int index) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin(ImGuiHarness::kWindow);
    ImGui::PushID("layers");
    ImGui::BeginChild("list-side");
    ImGui::BeginChild("layer-list");
    ImGui::PushID(index);
    ImGui::ActivateItem(ImGui::GetID("###layer"));
    ImGui::PopID();
    ImGui::EndChild();
    ImGui::EndChild();
    ImGui::PopID();
    ImGui::End();
    ImGui::Render();
}

TEST(LayersView, ControlsChangeTheRequest) {
    ImGuiHarness ui;
    const ModelFacts facts = layerFacts();
    const test::Panels panels = cellSelected();
    LayersState state;
    LayersViewMemory memory;
    LayersViewInput in;
    in.facts = &facts;
    in.has_subject = true;
    in.subject = "cell";
    const ImVec2 size(1200, 780);
    const auto draw = [&] {
        CanvasFrame canvases = ui.canvases();
        LayersViewEvents events;
        ui.frame([&] { events = drawLayersView(state, memory, in, canvases); }, size);
        return events;
    };
    draw();
    const auto request = [&] { return *buildLayerRequest(state, panels.states(), facts); };
    EXPECT_EQ(request().layer, "output");

    pressLayer(size, 3);   // b8.conv0
    draw();
    EXPECT_EQ(state.layer, "b8.conv0") << "a click in the list picks the layer";
    pressControl(size, "FFT");
    draw();
    EXPECT_TRUE(request().view.fft);
    pressControl(size, "Normalise");
    draw();
    EXPECT_TRUE(request().view.normalize);
    pressControl(size, "1 channel");
    draw();
    EXPECT_EQ(request().view.sel_channels, 1);
    pressControl(size, "+##channel");
    draw();
    EXPECT_EQ(request().view.base_channel, 1);
    pressControl(size, "mean |x|");
    draw();
    EXPECT_EQ(request().view.display, LayerDisplay::MeanAbs);
    EXPECT_FALSE(request().view.untransform);
    pressControl(size, "Untransform");
    draw();
    EXPECT_FALSE(state.untransform) << "no Untransform for a model without an input transform";

    in.export_blocked.clear();
    pressControl(size, "Export...");
    EXPECT_TRUE(draw().export_clicked);
}

TEST(LayersView, WithoutATileItOffersTheFirstCell) {
    ImGuiHarness ui;
    const ModelFacts facts = layerFacts();
    LayersState state;
    LayersViewMemory memory;
    LayersViewInput in;
    in.facts = &facts;
    const ImVec2 size(800, 600);
    CanvasFrame canvases = ui.canvases();
    ui.frame([&] { drawLayersView(state, memory, in, canvases); }, size);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin(ImGuiHarness::kWindow);
    ImGui::PushID("layers");
    ImGui::BeginChild("layers-main");
    ImGui::ActivateItem(ImGui::GetID("Show the first cell"));
    ImGui::EndChild();
    ImGui::PopID();
    ImGui::End();
    ImGui::Render();
    LayersViewEvents events;
    ui.frame([&] { events = drawLayersView(state, memory, in, canvases); }, size);
    EXPECT_TRUE(events.pick_first_cell);
    EXPECT_TRUE(canvases.jobs.empty()) << "no panels without a tile";
}

// The grid tile's "Show its layers" makes it the subject and switches to the view.
TEST(LayersView, TheTileMenuOpensATileInTheView) {
    ImGuiHarness ui;
    const ModelFacts facts = layerFacts();
    test::Panels panels;
    ExportState exports;
    TextureStore textures;
    GridTab grid;
    ViewFrame frame(panels, exports, textures);
    frame.facts = &facts;
    grid.state().tile_action = TileAction{TileActionKind::ShowLayers, LabSelection{Kind::Cell, 2, 1}};
    ui.frame([&] {
        CanvasFrame canvases = ui.canvases();
        grid.draw(frame, canvases);
    });
    grid.prepare(frame);
    EXPECT_EQ(panels.lab.selection, (LabSelection{Kind::Cell, 2, 1}));
    EXPECT_EQ(frame.show_view, std::optional<std::string>(LayersTab::kId));
    EXPECT_EQ(tileActionLabel(TileActionKind::ShowLayers, LabSelection{Kind::Cell, 2, 1}, panels.request(facts)),
              "Show its layers");
}

// A result of `request` with `n` panels (images left empty: nothing reaches GL in a headless test).
WorkerResult layerResult(const LayerRequest& request, int n) {
    LayerResult r;
    r.layer = request.layer;
    r.channels = 512;
    r.height = r.width = 8;
    for (int i = 0; i < n; ++i) r.panels.push_back(LayerPanel{i == 0 ? "A" : i == 1 ? "B" : "mix", Image{}});
    r.channels_by_magnitude = {4, 0, 2};
    r.max_diff_from_a = 0.5f;
    r.fraction_differing = 0.25f;
    WorkerResult w;
    w.view = LayersTab::kId;
    w.payload = std::move(r);
    return w;
}

// The panels' draws of the last frame's canvases.
std::vector<CanvasDraw> panelDraws(const CanvasFrame& canvases) {
    std::vector<CanvasDraw> out;
    for (const CanvasJob& job : canvases.jobs)
        for (const CanvasDraw& d : job.draws)
            if (d.image.slot == LayersSlot::Panel) out.push_back(d);
    return out;
}

TEST(LayersTab, AResultStaysOnScreenDimmedWhileTheNextRenders) {
    ImGuiHarness ui;
    for (int i = 0; i < 3; ++i) ui.uploaded.insert(ImageKey{LayersSlot::Panel, i, 0});
    const ModelFacts facts = layerFacts();
    test::Panels panels = cellSelected();
    ExportState exports;
    TextureStore textures;
    LayersTab tab;
    const auto draw = [&] {
        ViewFrame frame(panels, exports, textures);
        frame.facts = &facts;
        CanvasFrame canvases = ui.canvases();
        ui.frame([&] { tab.draw(frame, canvases); }, ImVec2(1200, 780));
        return panelDraws(canvases);
    };

    std::vector<ViewJob> jobs = tab.buildRequest(panels, facts);
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0].view, LayersTab::kId);
    const LayerRequest first = std::get<LayerRequest>(jobs[0].request);
    EXPECT_FALSE(tab.shows(jobs[0]));
    tab.submitted(jobs);
    EXPECT_TRUE(draw().empty()) << "nothing on screen yet";
    tab.accept(layerResult(first, 3), textures);
    EXPECT_TRUE(tab.shows(jobs[0]));
    std::vector<CanvasDraw> shown = draw();
    ASSERT_EQ(shown.size(), 3u) << "A, B and the mix";
    for (const CanvasDraw& d : shown) {
        EXPECT_EQ(d.pass, PassKind::Tile);
        EXPECT_EQ(d.dim, 0.f);
    }
    ExportSources sources;
    tab.addExportSources(sources);
    ASSERT_EQ(sources.layer, &tab.shown());
    EXPECT_EQ(*sources.layer_request, first);

    tab.state().gain_db = 6;   // a new request: the old panels stay until its result comes
    jobs = tab.buildRequest(panels, facts);
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_FALSE(std::get<LayerRequest>(jobs[0].request) == first);
    tab.submitted(jobs);
    shown = draw();
    ASSERT_EQ(shown.size(), 3u) << "the old images stay on screen";
    EXPECT_EQ(shown[0].pass, PassKind::Tile);
    EXPECT_EQ(tab.dim(StaleDimming::Clock::now()), 0.f) << "not dimmed within the grace";
    EXPECT_EQ(tab.dim(StaleDimming::Clock::now() + std::chrono::seconds(1)), StaleDimming::kDim) << "then dimmed";
    EXPECT_EQ(tab.shown().layer, first.layer);
    sources = ExportSources{};
    tab.addExportSources(sources);
    EXPECT_EQ(*sources.layer_request, first) << "exports keep the complete result on screen";

    tab.accept(layerResult(std::get<LayerRequest>(jobs[0].request), 3), textures);
    EXPECT_EQ(tab.dim(StaleDimming::Clock::now() + std::chrono::seconds(1)), 0.f);
    EXPECT_EQ(draw()[0].dim, 0.f);
}

TEST(LayersTab, AFailedRequestIsNotAskedAgainUntilItChangesAndTheOldImagesStayDimmed) {
    ImGuiHarness ui;
    const ModelFacts facts = layerFacts();
    test::Panels panels = cellSelected();
    TextureStore textures;
    LayersTab tab;
    std::vector<ViewJob> jobs = tab.buildRequest(panels, facts);
    tab.submitted(jobs);
    tab.accept(layerResult(std::get<LayerRequest>(jobs[0].request), 3), textures);
    tab.state().untransform = true;
    tab.state().layer = "b4.conv1";
    jobs = tab.buildRequest(panels, facts);
    tab.submitted(jobs);
    WorkerResult failed;
    failed.view = LayersTab::kId;
    failed.payload = LayerResult{};
    failed.error = "boom";
    tab.failed(failed);
    EXPECT_TRUE(tab.buildRequest(panels, facts).empty()) << "a failed request is not asked again";
    EXPECT_EQ(tab.dim(), StaleDimming::kDim) << "the panels on screen are not what the controls ask for";
    tab.state().layer = "b8.conv0";
    EXPECT_EQ(tab.buildRequest(panels, facts).size(), 1u);
    tab.modelChanged();
    EXPECT_TRUE(tab.shown().panels.empty());
    EXPECT_FALSE(tab.complete());
}

// The export dialog's "layer view": the last complete result with the request that made it, as
// PNG + "layer" recipe, composed by the same composeLayerFigure `stylemix render` uses.
TEST(LayersExport, TheCompleteResultWithItsRequestAsPngAndLayerRecipe) {
    const ModelFacts facts = layerFacts();
    const test::Panels panels = cellSelected();
    const LayerRequest request = *buildLayerRequest(LayersState{}, panels.states(), facts);
    LayerResult result;
    result.layer = request.layer;
    result.channels = 3;
    result.height = result.width = 8;
    for (const char* label : {"A", "B", "mix"}) result.panels.push_back(LayerPanel{label, makeImage(8, 8, 3, 90)});
    ExportSources sources;
    sources.facts = &facts;
    EXPECT_FALSE(canExport(ExportKind::Layer, sources)) << "nothing on screen yet";
    sources.layer = &result;
    sources.layer_request = &request;
    ASSERT_TRUE(canExport(ExportKind::Layer, sources));
    const Recipe recipe = makeRecipe(ExportKind::Layer, sources, false, 4);
    EXPECT_EQ(recipe.kind, RecipeKind::Layer);
    ASSERT_TRUE(recipe.layer);
    EXPECT_EQ(*recipe.layer, request);
    EXPECT_EQ(recipe.model_sha256, facts.sha256);

    const std::filesystem::path dir = std::filesystem::path(STYLEMIX_TEST_TMP) / "layers_export";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    ExportState state;
    state.kind = ExportKind::Layer;
    state.path = suggestExportPath(dir.string(), ExportKind::Layer);
    EXPECT_EQ(std::filesystem::path(state.path).filename(), "stylemix-layer-001.png");
    startExport(state, sources);
    while (pollExports(state)) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_FALSE(state.message_is_error) << state.message;
    EXPECT_EQ(readPng(state.path), composeLayerFigure(result));
    const Recipe back = readRecipeFile((dir / "stylemix-layer-001.json").string());
    ASSERT_TRUE(back.layer);
    EXPECT_EQ(*back.layer, request);
}

}  // namespace
}  // namespace stylemix::gui

// Restoring the views of issue 24 and the strip from their recipes, headless:
// a recipe made from one explorer state (the view's own request, through its
// JSON) restored onto another gives back the view, its settings and a grid in
// which the view's request, rebuilt, is the recipe's; a recipe the view cannot
// show is refused by field and changes nothing. Also: StyleMix WebPs and GIFs
// are recipes to the file sniffer.
#include "imgui_harness.h"
#include "panel_fixture.h"

#include "gui/file_sniff.h"
#include "gui/recipe_restore.h"
#include "gui/views/influence/influence_spec_builder.h"
#include "gui/views/lab/by_layer_panel.h"
#include "gui/views/layers/layers_request.h"
#include "gui/views/motion/motion_request.h"
#include "gui/views/strip/strip_request.h"
#include "model/core/influence_request.h"
#include "model/core/recipe.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace stylemix::gui {
namespace {

namespace fs = std::filesystem;
using Kind = LabSelection::Kind;

// The facts of the 64² test model with a few of its layers (b64.conv1 with 2 channels).
ModelFacts facts64() {
    ModelFacts f = test::makeFacts(64);
    f.activations = {{"b4.conv1", 512, 4, 4, 1}, {"b8.conv0", 512, 8, 8, 2}, {"b64.conv1", 2, 64, 64, 12},
                     {"output", 3, 64, 64, 13}};
    return f;
}

// The state a figure was made in: rows 11-13, columns 21-22, psi 0.7 cutoff 4, random noise seed 42.
test::Panels madeIn(const ModelFacts& facts, LabSelection selection) {
    test::Panels p;
    EXPECT_TRUE(setSpec(p.sources.rows, "11-13", &facts).empty());
    EXPECT_TRUE(setSpec(p.sources.cols, "21-22", &facts).empty());
    p.sources.psi = 0.7f;
    p.sources.use_cutoff = true;
    p.sources.cutoff = 4;
    p.mixing.styles = {4, 5, 6, 7};
    p.noise.mode = NoiseMode::Random;
    p.noise.seed = 42;
    p.lab.selection = selection;
    return p;
}

// What an export writes and a drop reads: the recipe through its JSON.
Recipe exported(Recipe r, const ModelFacts& facts) {
    r.model_family = facts.family;
    r.model_path = facts.path;
    r.model_sha256 = facts.sha256;
    return recipeFromJson(recipeToJson(r), "figure.png");
}

// Restores `r` expecting a refusal that names `field`; the panels stay as they were.
void expectRefused(const Recipe& r, const ModelFacts& facts, const std::string& field) {
    test::Panels p;
    const std::vector<Source> rows = p.sources.rows.items;
    try {
        applyRecipe(r, facts, p.targets(), "bad.png");
        ADD_FAILURE() << "restored a recipe that should be refused by " << field;
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("recipe field '" + field + "'"), std::string::npos) << e.what();
    }
    EXPECT_EQ(p.sources.rows.items, rows);
    EXPECT_EQ(p.lab.selection.kind, Kind::None);
}

TEST(RestoreViews, ALayerRecipeOpensTheLayersTabOnItsLayerSubjectAndDisplay) {
    const ModelFacts facts = facts64();
    LayersState made_view;
    made_view.layer = "b8.conv0";
    made_view.show = LayerShow::Rgb;
    made_view.base_channel = 5;
    made_view.normalize = true;
    made_view.gain_db = 6;
    made_view.fft = true;
    made_view.fft_range_db = 30;
    made_view.fft_beta = 4;
    for (const LabSelection selection : {LabSelection{Kind::Cell, 2, 1}, LabSelection{Kind::RowSource, 1, 0}}) {
        const auto request = buildLayerRequest(made_view, madeIn(facts, selection).states(), facts);
        ASSERT_TRUE(request);
        Recipe r;
        r.kind = RecipeKind::Layer;
        r.layer = request;
        r = exported(r, facts);

        test::Panels p;   // the explorer's defaults: other sources, const noise
        const RestoreOutcome out = applyRecipe(r, facts, p.targets(), "layer.png");
        EXPECT_EQ(out.view, "layers");
        ASSERT_TRUE(out.layers);
        EXPECT_EQ(out.layers->layer, "b8.conv0");
        const auto again = buildLayerRequest(*out.layers, p.states(), facts);
        ASSERT_TRUE(again);
        EXPECT_EQ(*again, *r.layer) << "the Layers tab asks for the figure's layer, subject, noise and display";
        EXPECT_NE(out.summary.find("restored the layer of layer.png: b8.conv0 of "), std::string::npos) << out.summary;
    }
    // One channel and mean |x| come back as such.
    made_view.show = LayerShow::Channel;
    made_view.base_channel = 511;
    made_view.fft = false;
    for (const LayerShow show : {LayerShow::Channel, LayerShow::MeanAbs}) {
        made_view.show = show;
        Recipe r;
        r.kind = RecipeKind::Layer;
        r.layer = buildLayerRequest(made_view, madeIn(facts, {Kind::Cell, 0, 0}).states(), facts);
        r = exported(r, facts);
        test::Panels p;
        const RestoreOutcome out = applyRecipe(r, facts, p.targets(), "layer.png");
        ASSERT_TRUE(out.layers);
        EXPECT_EQ(out.layers->show, show);
        EXPECT_EQ(buildLayerRequest(*out.layers, p.states(), facts), r.layer);
    }
}

// Its subject's W file gone since: restored from the ws the recipe holds, and named (recipeSources left layers out).
TEST(RestoreViews, ALayerRecipesMovedWFileIsNamed) {
    const ModelFacts facts = facts64();
    const WArrayPtr face = makeWArray("face.npy", facts.num_ws, facts.w_dim, std::vector<float>(facts.num_ws * facts.w_dim, 0.5f),
                                      WOrigin{"/nonexistent/stylemix/face.npy", std::string(64, 'c'), 0, 1});
    Recipe r;
    r.kind = RecipeKind::Layer;
    r.layer = LayerRequest{};
    r.layer->subject.source = Source::ws(face);
    r.layer->layer = "b8.conv0";
    test::Panels p;
    const RestoreOutcome out = applyRecipe(r, facts, p.targets(), "layer.png");
    EXPECT_EQ(p.sources.rows.items.front(), Source::ws(face));
    EXPECT_NE(out.notice.find("face.npy cannot be read"), std::string::npos) << out.notice;
}

TEST(RestoreViews, ALayerRecipeTheViewCannotShowIsRefusedByField) {
    const ModelFacts facts = facts64();
    LayersState view;
    view.layer = "b8.conv0";
    Recipe r;
    r.kind = RecipeKind::Layer;
    r.layer = buildLayerRequest(view, madeIn(facts, {Kind::Cell, 0, 0}).states(), facts);
    r = exported(r, facts);
    Recipe bad = r;
    bad.layer->layer = "b1024.conv0";
    expectRefused(bad, facts, "layer.layer");
    bad = r;
    bad.layer->layer = "b64.conv1";   // 2 channels: RGB needs 3, one channel at most 1
    bad.layer->view.sel_channels = 1;
    bad.layer->view.base_channel = 2;
    expectRefused(bad, facts, "layer.view.base_channel");
    bad = r;
    bad.layer->view.gain_db = 60;   // `stylemix layers` takes it; the view's slider stops at 40
    expectRefused(bad, facts, "layer.view.gain_db");
    bad = r;
    bad.layer->view.fft = true;
    bad.layer->view.fft_beta = 200;
    expectRefused(bad, facts, "layer.view.fft_beta");
    bad = r;
    bad.layer->view.untransform = true;   // a StyleGAN2 has no input transform
    expectRefused(bad, facts, "layer.view.untransform");
}

TEST(RestoreViews, AnInfluenceRecipeSelectsItsCellAndOpensTheInfluenceTabWithItsThresholdAndBands) {
    const ModelFacts facts = facts64();
    for (const bool bands : {true, false}) {
        SCOPED_TRACE(bands ? "with the band row" : "the cell alone");
        const test::Panels made = madeIn(facts, {Kind::Cell, 1, 1});
        const InfluenceViewState made_view{20, bands};
        Recipe r;
        r.kind = RecipeKind::Influence;
        r.influence = buildInfluenceSpec(made_view, made.lab.selection, made.request(facts), facts);
        ASSERT_TRUE(r.influence);
        r = exported(r, facts);

        test::Panels p;
        const RestoreOutcome out = applyRecipe(r, facts, p.targets(), "influence.png");
        EXPECT_EQ(out.view, "influence");
        ASSERT_TRUE(out.influence);
        EXPECT_EQ(out.influence->threshold, 20);
        EXPECT_EQ(out.influence->bands, bands);
        EXPECT_EQ(p.lab.selection.kind, Kind::Cell);
        EXPECT_EQ(buildInfluenceSpec(*out.influence, p.lab.selection, p.request(facts), facts), r.influence);
    }
    // `stylemix influence --bands`: the model's coarse / middle / fine alone; the cell takes the coarse.
    const Source a{11, -1}, b{21, -1};
    Recipe cli;
    cli.kind = RecipeKind::Influence;
    cli.influence = bandInfluenceSpec(a, b, facts);
    cli = exported(cli, facts);
    test::Panels p;
    RestoreOutcome out = applyRecipe(cli, facts, p.targets(), "bands.png");
    ASSERT_TRUE(out.influence);
    EXPECT_TRUE(out.influence->bands);
    EXPECT_EQ(p.request(facts).stylesForRow(p.lab.selection.row), cli.influence->bands.front());
    // Bands the view has no row for: it shows the first, and says so.
    cli.influence->bands = {{0, 1}, {8, 9}};
    cli.influence->band_labels = {"0-1", "8-9"};
    out = applyRecipe(cli, facts, p.targets(), "odd.png");
    ASSERT_TRUE(out.influence);
    EXPECT_FALSE(out.influence->bands);
    EXPECT_NE(out.summary.find("the view shows its first band"), std::string::npos) << out.summary;

    cli.influence->bands = {{0, 12}};
    expectRefused(cli, facts, "influence.bands[0].styles[1]");
    cli.influence->bands.clear();
    cli.influence->band_labels.clear();
    expectRefused(cli, facts, "influence.bands");
}

TEST(RestoreViews, ANoiseByLayerRecipeOpensTheLabsByLayerDisplayWithItsK) {
    const ModelFacts facts = facts64();
    const test::Panels made = madeIn(facts, {Kind::Cell, 2, 0});
    Recipe r;
    r.kind = RecipeKind::NoiseByLayer;
    r.noise_by_layer = buildNoiseByLayerRequest(made.states(), facts, 24);
    ASSERT_TRUE(r.noise_by_layer);
    r = exported(r, facts);
    test::Panels p;
    const RestoreOutcome out = applyRecipe(r, facts, p.targets(), "strip.png");
    EXPECT_EQ(out.view, "lab");
    EXPECT_EQ(out.by_layer_samples, 24);
    EXPECT_EQ(buildNoiseByLayerRequest(p.states(), facts, *out.by_layer_samples), r.noise_by_layer);

    // A lab recipe shows the realisations, not By layer.
    Recipe lab;
    lab.kind = RecipeKind::NoiseLab;
    lab.lab = NoiseLabRequest{};
    lab.lab->subject = r.noise_by_layer->subject;
    lab.lab->samples = 8;
    EXPECT_FALSE(applyRecipe(exported(lab, facts), facts, p.targets(), "lab.png").by_layer_samples);

    r.noise_by_layer->samples = ByLayerPanel::kMaxSamples + 1;
    expectRefused(r, facts, "noise_by_layer.samples");
}

TEST(RestoreViews, AnAnimationRecipeOpensTheMotionTabOnItsKindFramesFpsAndSubject) {
    const ModelFacts facts = facts64();
    for (const AnimationKind kind : {AnimationKind::NoiseCycle, AnimationKind::CrossoverSweep, AnimationKind::LatentWalk}) {
        SCOPED_TRACE(animationKindName(kind));
        const test::Panels made = madeIn(facts, {Kind::Cell, 2, 1});
        MotionState made_view;
        made_view.kind = kind;
        made_view.frames = 24;
        made_view.fps = 12;
        made_view.walk_from = {SourceSide::Rows, 2};
        made_view.walk_to = {SourceSide::Cols, 1};
        made_view.space = InterpolationSpace::Z;
        Recipe r;
        r.kind = RecipeKind::Animation;
        r.animation = buildMotionPlan(made_view, made.states(), facts).spec;
        ASSERT_TRUE(r.animation);
        r = exported(r, facts);

        test::Panels p;
        const RestoreOutcome out = applyRecipe(r, facts, p.targets(), "motion.gif");
        EXPECT_EQ(out.view, "motion");
        ASSERT_TRUE(out.motion);
        EXPECT_EQ(out.motion->kind, kind);
        EXPECT_EQ(out.motion->frames, 24);
        EXPECT_EQ(out.motion->fps, 12);
        EXPECT_EQ(out.motion->format, MotionFormat::Gif) << "the dropped file's format";
        EXPECT_EQ(buildMotionPlan(*out.motion, p.states(), facts).spec, r.animation);
    }
    Recipe r;
    r.kind = RecipeKind::Animation;
    MotionState view;
    view.kind = AnimationKind::CrossoverSweep;
    r.animation = buildMotionPlan(view, madeIn(facts, {Kind::Cell, 0, 0}).states(), facts).spec;
    r = exported(r, facts);
    Recipe bad = r;
    bad.animation->frames = maxPlaybackFrames(64) + 1;   // `stylemix animate` renders it; playback holds fewer
    expectRefused(bad, facts, "animation.frames");
    bad = r;
    bad.animation->fps = 12.5;
    expectRefused(bad, facts, "animation.fps");
    bad = r;
    bad.animation->subject.mix_with.reset();
    expectRefused(bad, facts, "animation.subject.mix_with");
}

// Issue 23's strip: was refused with "mix is missing".
TEST(RestoreViews, AnInterpolationRecipeOpensTheStripUnderTheGridBetweenItsEnds) {
    const ModelFacts facts = facts64();
    test::Panels made = madeIn(facts, {Kind::None, 0, 0});
    made.strip.open = true;
    made.strip.from = {SourceSide::Rows, 1};
    made.strip.to = {SourceSide::Cols, 0};
    made.strip.steps = 7;
    made.strip.space = InterpolationSpace::Z;
    Recipe r;
    r.kind = RecipeKind::Interpolation;
    r.interpolation = buildInterpolationRequest(made.strip, made.request(facts));
    ASSERT_TRUE(r.interpolation);
    r = exported(r, facts);

    test::Panels p;
    const RestoreOutcome out = applyRecipe(r, facts, p.targets(), "strip.png");
    EXPECT_EQ(out.view, "grid");
    EXPECT_TRUE(p.strip.open);
    EXPECT_EQ(p.strip.steps, 7);
    EXPECT_EQ(buildInterpolationRequest(p.strip, p.request(facts)), r.interpolation);

    Recipe bad = r;
    bad.interpolation->steps = StripState::kMaxSteps + 1;
    expectRefused(bad, facts, "interpolation.steps");
    bad = r;
    bad.interpolation->from = Source::position(0.5, 0.25, -1);   // between seeds: no single z
    expectRefused(bad, facts, "interpolation.space");
}

// A GIF: header, a logical screen without a colour table, the recipe as a comment, the trailer.
std::string gifWithComment(const std::string& comment) {
    std::string gif = std::string("GIF89a") + std::string("\x01\x00\x01\x00\x00\x00\x00", 7);
    if (!comment.empty()) {
        gif += "\x21\xFE";
        for (std::size_t at = 0; at < comment.size(); at += 255) {
            const std::size_t n = std::min<std::size_t>(255, comment.size() - at);
            gif += static_cast<char>(n);
            gif += comment.substr(at, n);
        }
        gif += '\0';
    }
    return gif + "\x3B";
}

TEST(RestoreViews, AStyleMixGifOrWebpIsARecipeAPlainOneAnImage) {
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "restore_views";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const ModelFacts facts = facts64();
    Recipe r;
    r.kind = RecipeKind::Animation;
    r.animation = buildMotionPlan(MotionState{}, madeIn(facts, {Kind::Cell, 0, 0}).states(), facts).spec;
    r = exported(r, facts);
    std::ofstream(dir / "motion.gif", std::ios::binary) << gifWithComment(recipeToJson(r));
    std::ofstream(dir / "plain.gif", std::ios::binary) << gifWithComment("");

    const FileSniff motion = sniffFile((dir / "motion.gif").string());
    EXPECT_EQ(motion.kind, FileKind::StyleMixAnimation);
    EXPECT_TRUE(isRecipe(motion.kind));
    EXPECT_EQ(readRecipeFrom((dir / "motion.gif").string()).animation, r.animation);
    const FileSniff plain = sniffFile((dir / "plain.gif").string());
    EXPECT_FALSE(isRecipe(plain.kind));
    EXPECT_EQ(describeNonModel(plain), "This is a GIF image, not a model.");
}

}  // namespace
}  // namespace stylemix::gui

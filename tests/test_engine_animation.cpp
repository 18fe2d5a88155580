// Engine::animate / animationFrame (docs/explorer.md, "Motion"): what each
// kind's frames are, against the engine's own renders of the same thing (the
// noise lab, renderSubject, generate, interpolate); frames in order, stopping
// and cancelling; specs refused by field; every family.
#include "model/core/animation_check.h"
#include "model/core/animation_frames.h"
#include "tests/engine_test_util.h"

#include <gtest/gtest.h>

namespace stylemix {
namespace {

using engine_test::contains;
using engine_test::engine;
using engine_test::errorOf;

std::vector<Image> allFrames(Engine& e, const AnimationSpec& spec) {
    std::vector<Image> frames;
    e.animate(spec, {}, [&](int index, const Image& frame) {
        EXPECT_EQ(index, static_cast<int>(frames.size()));   // in order
        frames.push_back(frame);
        return true;
    });
    return frames;
}

AnimationSpec noiseCycle(std::uint64_t seed, int frames) {
    AnimationSpec spec;
    spec.kind = AnimationKind::NoiseCycle;
    spec.subject.source = Source(seed);
    spec.noise.mode = NoiseMode::Random;
    spec.noise.seed = 7;
    spec.frames = frames;
    return spec;
}

AnimationSpec sweep(std::uint64_t a, std::uint64_t b, std::vector<int> styles, int frames) {
    AnimationSpec spec;
    spec.kind = AnimationKind::CrossoverSweep;
    spec.subject.source = Source(a);
    spec.subject.mix_with = Source(b);
    spec.subject.styles = std::move(styles);
    spec.frames = frames;
    return spec;
}

AnimationSpec walk(std::uint64_t from, std::uint64_t to, InterpolationSpace space, int frames) {
    AnimationSpec spec;
    spec.kind = AnimationKind::LatentWalk;
    spec.subject.source = Source(from);
    spec.walk_to = Source(to);
    spec.space = space;
    spec.frames = frames;
    return spec;
}

TEST(AnimationFrames, LoopsThereAndBack) {
    EXPECT_EQ(loopPosition(0, 8), 0.0);
    EXPECT_EQ(loopPosition(2, 8), 0.5);
    EXPECT_EQ(loopPosition(4, 8), 1.0);
    EXPECT_EQ(loopPosition(6, 8), 0.5);
    EXPECT_EQ(loopPosition(0, 1), 0.0);
    for (int n : {2, 7, 60, 61})
        for (int f = 0; f < n; ++f) EXPECT_EQ(loopPosition(f, n), loopPosition(mirrorFrame(f, n), n)) << f << "/" << n;
    EXPECT_EQ(sweepWeight(sweepCrossover(0.5, 10), 4), 1.0);
    EXPECT_EQ(sweepWeight(5.25, 5), 0.25);
    EXPECT_EQ(sweepWeight(5.25, 6), 0.0);
}

TEST(EngineAnimation, NoiseCycleFrameIsTheLabsRealisation) {
    const AnimationSpec spec = noiseCycle(85, 6);
    const std::vector<Image> frames = allFrames(engine(), spec);
    NoiseLabRequest lab;
    lab.subject = spec.subject;
    lab.noise = spec.noise;
    lab.samples = 6;
    lab.keep_images = 6;
    const NoiseLabResult result = engine().noiseLab(lab);
    ASSERT_EQ(frames.size(), 6u);
    for (int f = 0; f < 6; ++f) EXPECT_EQ(frames[f], *result.realisations[f]) << "frame " << f;
    EXPECT_NE(frames[0], frames[1]);
}

TEST(EngineAnimation, NoiseCycleOfACellIsTheLabsCell) {
    AnimationSpec spec = noiseCycle(85, 3);
    spec.subject.mix_with = Source(702);
    spec.subject.styles = {0, 1, 2, 3};
    NoiseLabRequest lab{spec.subject, spec.noise, 3, 3};
    const NoiseLabResult result = engine().noiseLab(lab);
    const std::vector<Image> frames = allFrames(engine(), spec);
    for (int f = 0; f < 3; ++f) EXPECT_EQ(frames[f], *result.realisations[f]) << "frame " << f;
}

TEST(EngineAnimation, SweepGoesFromAToTheFullMixAndBack) {
    const AnimationSpec spec = sweep(85, 702, {0, 1, 2, 3, 4, 5}, 8);
    const std::vector<Image> frames = allFrames(engine(), spec);
    ASSERT_EQ(frames.size(), 8u);
    LabSubject a = spec.subject;
    a.styles.clear();   // A as the grid renders it
    EXPECT_EQ(frames[0], engine().renderSubject(a, spec.noise));
    EXPECT_EQ(frames[4], engine().renderSubject(spec.subject, spec.noise));   // the full mix
    for (int f = 1; f < 8; ++f) EXPECT_EQ(frames[f], frames[mirrorFrame(f, 8)]) << "frame " << f;
    EXPECT_NE(frames[2], frames[0]);
    EXPECT_NE(frames[2], frames[4]);
}

TEST(EngineAnimation, SweepWithoutStylesEndsAtB) {
    const AnimationSpec spec = sweep(85, 702, {}, 4);
    const Image far = engine().animationFrame(spec, 2);
    LabSubject b;
    b.source = Source(702);
    b.mix_with = Source(85);   // B as the grid renders a cell's column source
    EXPECT_EQ(far, engine().renderSubject(b, spec.noise));
}

TEST(EngineAnimation, WalkStartsAtAAndPassesThroughTheStrip) {
    for (InterpolationSpace space : {InterpolationSpace::W, InterpolationSpace::Z}) {
        const AnimationSpec spec = walk(85, 702, space, 8);
        const std::vector<Image> frames = allFrames(engine(), spec);
        InterpolationRequest strip;
        strip.from = Source(85);
        strip.to = Source(702);
        strip.steps = 5;   // t = 0, 0.25, 0.5, 0.75, 1: frames 0..4
        strip.space = space;
        const InterpolationResult result = engine().interpolate(strip);
        for (int f = 0; f <= 4; ++f) EXPECT_EQ(frames[f], result.images[f]) << interpolationSpaceName(space) << " frame " << f;
        for (int f = 5; f < 8; ++f) EXPECT_EQ(frames[f], frames[8 - f]);
        GenerateRequest a{{Source(85)}, {}, {}, std::nullopt};
        EXPECT_EQ(frames[0], engine().generate(a).at(0));
    }
}

TEST(EngineAnimation, AFrameAloneEqualsItsFrameInTheAnimation) {
    for (const AnimationSpec& spec : {noiseCycle(3, 5), sweep(3, 4, {2, 3, 4}, 5), walk(3, 4, InterpolationSpace::W, 5)}) {
        const std::vector<Image> frames = allFrames(engine(), spec);
        for (int f = 0; f < spec.frames; ++f)
            EXPECT_EQ(engine().animationFrame(spec, f), frames[f]) << animationKindName(spec.kind) << " frame " << f;
    }
}

TEST(EngineAnimation, MirrorFramesKeptOrNotGiveTheSameFrames) {
    const AnimationSpec spec = walk(5, 6, InterpolationSpace::W, 12);
    const std::vector<Image> kept = allFrames(engine(), spec);
    auto bare = Engine::load(testing::defaultModelPath(), DeviceChoice::CPU);
    bare->setCacheBudget(0);   // keeps no frame for its mirror: every frame rendered
    EXPECT_EQ(allFrames(*bare, spec), kept);
}

TEST(EngineAnimation, StopsWhenTheCallerSaysSoOrCancels) {
    const AnimationSpec spec = noiseCycle(85, 40);
    int seen = 0;
    engine().animate(spec, {}, [&](int, const Image&) { return ++seen < 3; });
    EXPECT_EQ(seen, 3);
    ProgressHooks hooks;
    int delivered = 0;
    hooks.cancelled = [&] { return delivered >= 2; };
    EXPECT_THROW(engine().animate(spec, hooks, [&](int, const Image&) { return ++delivered > 0; }), Cancelled);
    EXPECT_LT(delivered, 40);
}

TEST(EngineAnimation, BadSpecsAreRefusedNamingTheField) {
    const auto refused = [](AnimationSpec spec, const std::string& says) {
        const std::string message = errorOf([&] { engine().animate(spec, {}, [](int, const Image&) { return true; }); });
        EXPECT_TRUE(contains(message, says)) << message;
        EXPECT_TRUE(contains(errorOf([&] { engine().animationFrame(spec, 0); }), says));
    };
    AnimationSpec s = noiseCycle(1, 0);
    refused(s, "animation: frames = 0 is out of range");
    s = noiseCycle(1, kMaxAnimationFrames + 1);
    refused(s, "frames");
    s = noiseCycle(1, 10);
    s.fps = 0;
    refused(s, "animation: fps = 0 is out of range");
    s.fps = 61;
    refused(s, "fps = 61");
    refused(sweep(1, 2, {0}, 4), "<no exception>");
    AnimationSpec no_b = sweep(1, 2, {0}, 4);
    no_b.subject.mix_with.reset();
    refused(no_b, "animation: subject.mix_with is missing");
    refused(sweep(1, 2, {99}, 4), "subject.styles[0] = 99");
    AnimationSpec mixed_walk = walk(1, 2, InterpolationSpace::W, 4);
    mixed_walk.subject.mix_with = Source(3);
    refused(mixed_walk, "subject.mix_with must be absent");
    AnimationSpec z_walk = walk(1, 2, InterpolationSpace::Z, 4);
    z_walk.walk_to = Source::position(1.5, 0);
    refused(z_walk, "walk_to");
    AnimationSpec strengths = noiseCycle(1, 4);
    strengths.noise.multipliers = {1.0f};
    refused(strengths, "noise.strengths");
    AnimationSpec moved = noiseCycle(1, 4);
    moved.subject.transform = InputTransform{0.1, 0, 0};
    refused(moved, "input transform");
    EXPECT_TRUE(contains(errorOf([&] { engine().animationFrame(noiseCycle(1, 4), 4); }), "frame 4 is out of range"));
}

TEST(EngineAnimation, EveryFamilyAnimates) {
    const std::string data = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/";
    struct Case {
        std::string path;
        bool has_noise;
    };
    for (const Case& c : {Case{data + "pickle/sg2_tiny_p4.pkl", true}, Case{data + "tf/sg1_16.pkl", true},
                          Case{data + "sg3/sg3t_16.pkl", false}}) {
        auto e = Engine::load(c.path, DeviceChoice::CPU);
        for (AnimationSpec spec : {noiseCycle(1, 3), sweep(1, 2, {}, 4), walk(1, 2, InterpolationSpace::Z, 4)}) {
            if (e->facts().c_dim > 0) spec.subject.source.class_index = spec.walk_to.class_index = 0;
            if (spec.subject.mix_with && e->facts().c_dim > 0) spec.subject.mix_with->class_index = 0;
            if (spec.kind == AnimationKind::NoiseCycle && !c.has_noise) {
                EXPECT_TRUE(contains(errorOf([&] { allFrames(*e, spec); }), "has no noise inputs")) << c.path;
                continue;
            }
            const std::vector<Image> frames = allFrames(*e, spec);
            ASSERT_EQ(static_cast<int>(frames.size()), spec.frames) << c.path;
            EXPECT_EQ(frames[0].width, e->facts().img_resolution) << c.path;
            EXPECT_NE(frames[0], frames[spec.frames / 2]) << c.path << " " << animationKindName(spec.kind);
        }
    }
}

}  // namespace
}  // namespace stylemix

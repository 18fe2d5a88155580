// Engine request validation: bad requests throw, naming the problem.
#include "tests/engine_test_util.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::engine_test;

TEST(EngineErrors, BadRequestsThrowNamingTheProblem) {
    Engine& e = engine();
    MixRequest ok;
    ok.rows = sources({0});
    ok.cols = sources({1});
    ok.styles = {0};

    MixRequest r = ok;
    r.styles = {10};
    std::string m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "style index 10") && contains(m, "10 ws")) << m;
    r.styles = {-1};
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "style index -1")) << m;
    r = ok;
    r.row_styles = {{0, 10}};
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "style index 10")) << m;
    r.row_styles = {{0}, {1}};
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "per-row")) << m;

    r = ok;
    r.rows.clear();
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "row")) << m;
    r = ok;
    r.cols.clear();
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "column")) << m;

    r = ok;
    r.rows.assign(200, Source{});
    r.cols.assign(200, Source{});
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "200 x 200") && contains(m, "too large")) << m;

    r = ok;
    r.truncation.cutoff = 11;
    m = errorOf([&] { e.mix(r); });
    EXPECT_TRUE(contains(m, "cutoff 11")) << m;

    // Noise multipliers: one per noise layer (9 here), each >= 0.
    for (size_t count : {3u, 8u, 10u, 12u}) {
        GenerateRequest g;
        g.sources = sources({0});
        g.noise.multipliers.assign(count, 1.0f);
        m = errorOf([&] { e.generate(g); });
        EXPECT_TRUE(contains(m, std::to_string(count)) && contains(m, "9 noise layers"))
            << count << " multipliers: " << m;
        r = ok;
        r.noise.multipliers.assign(count, 1.0f);
        m = errorOf([&] { e.mix(r); });
        EXPECT_TRUE(contains(m, "9 noise layers")) << "mix, " << count << " multipliers: " << m;
    }
    {
        GenerateRequest g;
        g.sources = sources({0});
        g.noise.multipliers.assign(9, 1.0f);
        g.noise.multipliers[4] = -0.5f;
        m = errorOf([&] { e.generate(g); });
        EXPECT_TRUE(contains(m, "multiplier")) << m;
        g.noise.multipliers[4] = std::nanf("");
        m = errorOf([&] { e.generate(g); });
        EXPECT_TRUE(contains(m, "multiplier")) << m;
    }

    NoiseLabRequest lab;
    lab.subject.source = {0, -1};
    lab.samples = 0;
    m = errorOf([&] { e.noiseLab(lab); });
    EXPECT_TRUE(contains(m, "samples")) << m;
    lab.samples = -3;
    m = errorOf([&] { e.noiseLab(lab); });
    EXPECT_TRUE(contains(m, "samples")) << m;
    lab.samples = 4;
    lab.subject.mix_with = Source{1, -1};
    lab.subject.styles = {12};
    m = errorOf([&] { e.noiseLab(lab); });
    EXPECT_TRUE(contains(m, "style index 12")) << m;
}

// `stylemix noise`: the noise figure and std-dev map against the same figures
// computed in-process, and the noise-layers figure.
#include "tests/cli_test_util.h"
#include "model/core/figures.h"
#include "model/core/lab_figures.h"
#include "model/io/image_io.h"
#include "tests/image_compare.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <set>
#include <string>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::cli_test;

TEST_F(Cli, NoiseFigures) {
    const std::string d = scratchDir("cli_noise") + "/out";
    CliRun r = runCli("noise --seed 3 --samples 8 --device cpu --outdir " + quote(d));
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_EQ(filesIn(d), (std::set<std::string>{"noise-seed0003.png", "noise-seed0003.json", "stddev-seed0003.png",
                                                 "stddev-seed0003.json"}));
    const Image stddev = readPng(d + "/stddev-seed0003.png");
    EXPECT_GT(stddev.width, 64);     // the colour-mapped map and its colour bar, like the explorer's export
    EXPECT_EQ(stddev.height, 64);
    EXPECT_EQ(stddev.channels, 3);
    // The same map computed in-process (random noise, seed 0, K = 8, gain 4).
    NoiseLabRequest req;
    req.subject.source = {3, -1};
    req.noise.mode = NoiseMode::Random;
    req.samples = 8;
    req.keep_images = 8;
    const NoiseLabResult lab = engine().noiseLab(req);
    ImageDiff sd;
    EXPECT_TRUE(imagesClose(stddev, composeStdDevFigure(lab, 4.f, 1), 0.99, 1, &sd));
    std::cout << "[ info ] CLI std-dev map vs in-process: " << sd.describe() << "\n";
    EXPECT_GT(*std::max_element(stddev.pixels.begin(), stddev.pixels.end()), 0);
    const Image fig = readPng(d + "/noise-seed0003.png");
    LabFigureOptions fig_options;
    fig_options.crop = defaultCrop(64);
    EXPECT_EQ(fig, composeNoiseLabFigure(lab, fig_options));

    const std::string d2 = scratchDir("cli_noise_layers") + "/out";
    r = runCli("noise --seed 3 --samples 8 --layers-figure --device cpu --outdir " + quote(d2));
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_EQ(filesIn(d2), (std::set<std::string>{"noise-seed0003.png", "noise-seed0003.json", "stddev-seed0003.png",
                                                  "stddev-seed0003.json", "noise-layers-seed0003.png",
                                                  "noise-layers-seed0003.json"}));
    const Image layers = readPng(d2 + "/noise-layers-seed0003.png");
    EXPECT_GE(layers.width, 4 * 64);
    EXPECT_GE(layers.height, 64);
}

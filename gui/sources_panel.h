// Sources panel: the row (A) and column (B) seed lists, their classes for
// conditional models, and truncation. State + draw function; the operations
// behind the buttons are free functions so tests can drive them directly.
#pragma once

#include "model/core/render_types.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace stylemix::gui {

struct SeedList {
    std::vector<Source> items;
    std::string spec;       // the editable SPEC ("85,100,75-77"), kept in sync with items
    std::string error;      // why `spec` does not parse; items keep their last good value
    std::string add_text;   // the "add" field

    std::vector<std::uint64_t> seeds() const;
    void setSeeds(const std::vector<std::uint64_t>& seeds);   // classes kept by position
    void syncSpec();
};

struct SourcesState {
    static constexpr int kMaxSources = 16;
    static constexpr std::uint64_t kRandomSeedLimit = 100000;   // randomised seeds stay short to read

    SeedList rows;   // A, down the left
    SeedList cols;   // B, across the top; gives the styles
    double psi = 1.0;
    bool use_cutoff = false;
    int cutoff = 4;  // ws 0..cutoff-1 are truncated when use_cutoff
    // The input's pose for every tile (StyleGAN3's Fourier features; the
    // visualizer's equivariance widget). Identity = the model's stored transform.
    InputTransform transform;
    std::mt19937_64 rng{0x5EEDu};

    SourcesState();   // style_mixing.py's default seeds
};

// Each returns an error text (empty = done).
std::string setSpec(SeedList& list, const std::string& spec);   // replaces all items
std::string addSeeds(SeedList& list, const std::string& spec);  // appends
void removeSeed(SeedList& list, int index);
void moveSeed(SeedList& list, int from, int to);
void randomiseSeeds(SeedList& list, std::mt19937_64& rng);

// What a request carries for the model: nullopt for identity (the model's own
// stored transform) and for families without a transformable input.
OptionalTransform requestTransform(const SourcesState& state, const ModelFacts& facts);

void drawSourcesPanel(SourcesState& state, const ModelFacts* facts);

}  // namespace stylemix::gui

// What one image of a request starts from: a source identity. Torch-free; the
// engine turns it into ws (model/engine/engine_impl.cpp) and its caches key on
// it by content.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace stylemix {

// Where a W array came from, for recipes and messages: the file as the user
// named it, the SHA-256 of its bytes when read, and which of its ws (index of
// count). Empty path: made in memory (a tile's ws, an interpolation frame).
struct WOrigin {
    std::string path;
    std::string sha256;
    int index = 0;
    int count = 1;
};

// A W array given as data (a W file, a projection): float32 [num_ws, w_dim],
// row-major, with a display name and a hash of its shape and values. Made only
// by makeWArray, so the hash always matches the values. Identity is the
// content: name and origin are descriptions and take no part in comparisons.
struct WArray {
    std::string name;
    int num_ws = 0;
    int w_dim = 0;
    std::vector<float> values;
    std::uint64_t hash = 0;
    WOrigin origin;
};
using WArrayPtr = std::shared_ptr<const WArray>;

// Throws std::invalid_argument when values.size() != num_ws * w_dim or a size is not positive.
WArrayPtr makeWArray(std::string name, int num_ws, int w_dim, std::vector<float> values, WOrigin origin = {});

// One latent source. Kind::Seed: a seed (NumPy RandomState, like
// gen_images.py) and, for conditional models, a class index (-1 = none).
// Kind::Position: a fractional point (x, y) of the seed plane as NVIDIA's
// visualizer walks it (viz/latent_widget.py: seed = x + 100 y), with a class.
// Kind::Ws: a W array used as it is (never truncated); no class.
// Source{85, -1} (or Source{85}) is seed 85 without a class.
struct Source {
    enum class Kind { Seed, Position, Ws };

    Source(std::uint64_t seed_value = 0, int class_value = -1) : seed(seed_value), class_index(class_value) {}

    std::uint64_t seed = 0;       // Kind::Seed
    int class_index = -1;         // Kind::Seed and Kind::Position
    Kind kind = Kind::Seed;
    double x = 0, y = 0;          // Kind::Position
    WArrayPtr ws_array;           // Kind::Ws

    static Source fromSeed(std::uint64_t seed, int class_index = -1) { return Source(seed, class_index); }
    static Source position(double x, double y, int class_index = -1);
    static Source ws(WArrayPtr array);   // throws for a null array

    bool isSeed() const { return kind == Kind::Seed; }
    // "seed 85", "position 1.5:2", "ws 'face.npy'" (for messages and labels).
    std::string label() const;

    // By content: W arrays compare by shape, hash and values, not by address.
    bool operator==(const Source& o) const;
    bool operator!=(const Source& o) const { return !(*this == o); }
    bool operator<(const Source& o) const;
};

// NVIDIA's seed plane (viz/latent_widget.py): the seed at integer point (ix, iy).
constexpr std::int64_t kPositionStepY = 100;
std::uint32_t positionSeed(std::int64_t ix, std::int64_t iy);

// The seeds a position blends and their weights (1 - |x - ix|)(1 - |y - iy|),
// over the four integer neighbours floor(x) + {0, 1}, floor(y) + {0, 1},
// keeping those with weight > 0, in NVIDIA's order.
struct WeightedSeed {
    std::uint32_t seed = 0;
    double weight = 0;
};
std::vector<WeightedSeed> positionSeeds(double x, double y);

}  // namespace stylemix

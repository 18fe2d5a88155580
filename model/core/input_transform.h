// The user transform of a generator's input (StyleGAN3's Fourier features):
// what gen_images.py's --translate/--rotate and the visualizer's equivariance
// widget set. Torch-free.
#pragma once

#include <array>
#include <optional>

namespace stylemix {

// The user matrix is U = [[cos a, sin a, tx], [-sin a, cos a, ty], [0, 0, 1]] with a in
// degrees; the network's `transform` buffer receives inv(U). Only families
// whose description has has_input_transform accept one.
struct InputTransform {
    double translate_x = 0;
    double translate_y = 0;
    double rotate_deg = 0;
    // U and inv(U), row-major 3x3, in float64 (NVIDIA inverts in float64 too).
    std::array<double, 9> matrix() const;
    std::array<double, 9> inverse() const;
    bool operator==(const InputTransform& o) const {
        return translate_x == o.translate_x && translate_y == o.translate_y && rotate_deg == o.rotate_deg;
    }
    bool operator!=(const InputTransform& o) const { return !(*this == o); }
};
// Bounds of each field (CLI, recipes, explorer): far past any useful value, small
// enough that the float32 maths of the input stays meaningful.
constexpr double kMaxTranslate = 1e4;
constexpr double kMaxRotateDeg = 1e6;

// nullopt = the model's own stored transform (identity in released models).
using OptionalTransform = std::optional<InputTransform>;

}  // namespace stylemix

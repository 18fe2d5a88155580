#include "model/core/input_transform.h"

#include <cmath>

namespace stylemix {

std::array<double, 9> InputTransform::matrix() const {
    const double a = rotate_deg / 360.0 * M_PI * 2;
    const double s = std::sin(a), c = std::cos(a);
    return {c, s, translate_x, -s, c, translate_y, 0, 0, 1};
}

std::array<double, 9> InputTransform::inverse() const {
    // U = [R t; 0 1] with R a rotation: inv(U) = [Rᵀ, -Rᵀt; 0 1].
    const auto m = matrix();
    const double r00 = m[0], r01 = m[1], r10 = m[3], r11 = m[4], tx = m[2], ty = m[5];
    return {r00, r10, -(r00 * tx + r10 * ty), r01, r11, -(r01 * tx + r11 * ty), 0, 0, 1};
}

}  // namespace stylemix

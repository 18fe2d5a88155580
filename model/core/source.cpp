#include "model/core/source.h"

#include "model/io/message_text.h"

#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace stylemix {
namespace {

// FNV-1a over the shape and the values' bytes.
std::uint64_t hashWArray(int num_ws, int w_dim, const std::vector<float>& values) {
    std::uint64_t h = 1469598103934665603ull;
    const auto mix = [&](const void* data, std::size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
    };
    mix(&num_ws, sizeof num_ws);
    mix(&w_dim, sizeof w_dim);
    mix(values.data(), values.size() * sizeof(float));
    return h;
}

// Bitwise equality of the values (so -0 != 0 and a NaN equals itself: identity, not arithmetic).
bool sameValues(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

WArrayPtr makeWArray(std::string name, int num_ws, int w_dim, std::vector<float> values, WOrigin origin) {
    if (num_ws <= 0 || w_dim <= 0 || values.size() != static_cast<std::size_t>(num_ws) * static_cast<std::size_t>(w_dim))
        throw std::invalid_argument("W array " + quoteText(name) + ": " + std::to_string(values.size()) +
                                    " values do not make a [" + std::to_string(num_ws) + ", " + std::to_string(w_dim) +
                                    "] array");
    auto w = std::make_shared<WArray>();
    w->hash = hashWArray(num_ws, w_dim, values);
    w->name = std::move(name);
    w->num_ws = num_ws;
    w->w_dim = w_dim;
    w->values = std::move(values);
    w->origin = std::move(origin);
    return w;
}

Source Source::position(double x, double y, int class_index) {
    if (!std::isfinite(x) || !std::isfinite(y) || std::fabs(x) > 1e15 || std::fabs(y) > 1e15)
        throw std::invalid_argument("latent position: x and y must be finite numbers of at most 1e15");
    Source s;
    s.kind = Kind::Position;
    s.x = x;
    s.y = y;
    s.class_index = class_index;
    return s;
}

Source Source::ws(WArrayPtr array) {
    if (!array) throw std::invalid_argument("W array source: no array given");
    Source s;
    s.kind = Kind::Ws;
    s.ws_array = std::move(array);
    return s;
}

std::string Source::label() const {
    switch (kind) {
        case Kind::Seed: return "seed " + std::to_string(seed);
        case Kind::Position: {
            std::ostringstream out;
            out << "position " << x << ":" << y;
            return out.str();
        }
        case Kind::Ws: return "ws " + quoteText(ws_array ? ws_array->name : std::string());
    }
    return "?";
}

bool Source::operator==(const Source& o) const {
    if (kind != o.kind) return false;
    switch (kind) {
        case Kind::Seed: return seed == o.seed && class_index == o.class_index;
        case Kind::Position: return x == o.x && y == o.y && class_index == o.class_index;
        case Kind::Ws:
            return ws_array == o.ws_array ||
                   (ws_array && o.ws_array && ws_array->hash == o.ws_array->hash &&
                    ws_array->num_ws == o.ws_array->num_ws && ws_array->w_dim == o.ws_array->w_dim &&
                    sameValues(ws_array->values, o.ws_array->values));
    }
    return false;
}

bool Source::operator<(const Source& o) const {
    if (kind != o.kind) return kind < o.kind;
    switch (kind) {
        case Kind::Seed: return std::tie(seed, class_index) < std::tie(o.seed, o.class_index);
        case Kind::Position: return std::tie(x, y, class_index) < std::tie(o.x, o.y, o.class_index);
        case Kind::Ws: {
            if (*this == o) return false;
            if (!ws_array || !o.ws_array) return !ws_array;
            const WArray &a = *ws_array, &b = *o.ws_array;
            if (std::tie(a.hash, a.num_ws, a.w_dim) != std::tie(b.hash, b.num_ws, b.w_dim))
                return std::tie(a.hash, a.num_ws, a.w_dim) < std::tie(b.hash, b.num_ws, b.w_dim);
            return std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(float)) < 0;
        }
    }
    return false;
}

std::uint32_t positionSeed(std::int64_t ix, std::int64_t iy) {
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(ix + iy * kPositionStepY) & 0xffffffffull);
}

std::vector<WeightedSeed> positionSeeds(double x, double y) {
    std::vector<WeightedSeed> out;
    const double fx = std::floor(x), fy = std::floor(y);
    for (const auto& [ox, oy] : {std::pair<int, int>{0, 0}, {1, 0}, {0, 1}, {1, 1}}) {
        const double sx = fx + ox, sy = fy + oy;
        const double weight = (1 - std::fabs(x - sx)) * (1 - std::fabs(y - sy));
        if (weight > 0)
            out.push_back({positionSeed(static_cast<std::int64_t>(sx), static_cast<std::int64_t>(sy)), weight});
    }
    return out;
}

}  // namespace stylemix

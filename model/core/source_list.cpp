#include "model/core/source_list.h"

#include "model/core/seed_spec.h"
#include "model/io/message_text.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace stylemix {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

const std::regex& numberPattern() {
    static const std::regex re(R"([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?)");
    return re;
}

bool isNumber(const std::string& s) { return s.size() <= 64 && std::regex_match(s, numberPattern()); }

// "X" alone is a position only when it cannot be a seed: it has a '.', an exponent or a sign.
bool isPositionX(const std::string& s) {
    return isNumber(s) && s.find_first_of(".eE+-") != std::string::npos;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// "N" or "A-B" (spaces around the dash allowed): parseSpec's own syntax, checked without a regex (lists may be long).
bool isSeedItem(const std::string& s) {
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < s.size() && isDigit(s[i])) ++i;
        return i > start;
    };
    const auto spaces = [&] {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    };
    if (!digits()) return false;
    spaces();
    if (i == s.size()) return true;
    if (s[i++] != '-') return false;
    spaces();
    return digits() && i == s.size();
}

// "FILE[i]": the index i (up to 7 digits) and FILE's length; nullopt without such a suffix.
std::optional<std::pair<int, std::size_t>> fileIndexSuffix(const std::string& s) {
    if (s.empty() || s.back() != ']') return std::nullopt;
    const std::size_t open = s.rfind('[');
    if (open == std::string::npos || open + 2 > s.size() - 1 || s.size() - 2 - open > 7) return std::nullopt;
    for (std::size_t i = open + 1; i + 1 < s.size(); ++i)
        if (!isDigit(s[i])) return std::nullopt;
    return std::make_pair(std::stoi(s.substr(open + 1, s.size() - 2 - open)), open);
}

bool looksLikeWFile(const std::string& item) {
    const auto suffix = fileIndexSuffix(item);
    const std::string s = suffix ? item.substr(0, suffix->second) : item;
    const auto ends = [&](const char* ext) {
        const std::string e(ext);
        if (s.size() < e.size()) return false;
        std::string tail = s.substr(s.size() - e.size());
        for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return tail == e;
    };
    return ends(".npy") || ends(".npz") || s.find('/') != std::string::npos;
}

Source parsePosition(const std::string& item, const std::string& what) {
    const auto colon = item.find(':');
    const std::string xs = trim(item.substr(0, colon));
    const std::string ys = colon == std::string::npos ? "0" : trim(item.substr(colon + 1));
    if (!isNumber(xs) || !isNumber(ys))
        throw std::runtime_error(what + ": " + quoteText(item) + " is not a position X:Y (two decimal numbers, e.g. 12.25:0.5)");
    try {
        return Source::position(std::strtod(xs.c_str(), nullptr), std::strtod(ys.c_str(), nullptr));
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(what + ": " + quoteText(item) + ": " + e.what());
    }
}

// The shortest decimal text that reads back as exactly v ("12.25", not 17 digits).
std::string formatNumber(double v) {
    char text[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(text, sizeof text, "%.*g", precision, v);
        if (std::strtod(text, nullptr) == v) break;
    }
    return text;
}

}  // namespace

std::vector<SourceListItem> parseSourceList(const std::string& spec, const std::string& what, std::size_t max_count) {
    std::vector<SourceListItem> out;
    std::size_t count = 0;
    std::stringstream in(spec);
    std::string raw;
    const auto counted = [&](std::size_t n) {
        count += n;
        if (count > max_count)
            throw std::runtime_error(what + ": more than " + std::to_string(max_count) + " sources");
    };
    if (trim(spec).empty()) throw std::runtime_error(what + ": the list is empty");
    while (std::getline(in, raw, ',')) {
        const std::string item = trim(raw);
        SourceListItem entry;
        if (item.empty()) throw std::runtime_error(what + ": empty item in " + quoteText(spec));
        if (isSeedItem(item)) {
            for (std::uint64_t seed : parseSpec(item, what, 4294967295ull, max_count - count)) entry.sources.push_back(Source{seed});
        } else if (item.find(':') != std::string::npos && !looksLikeWFile(item)) {
            entry.sources.push_back(parsePosition(item, what));
        } else if (isPositionX(item)) {
            entry.sources.push_back(parsePosition(item, what));
        } else if (looksLikeWFile(item)) {
            const auto suffix = fileIndexSuffix(item);
            entry.file = std::make_shared<const WFile>(readWFile(suffix ? item.substr(0, suffix->second) : item));
            if (suffix) entry.file_index = suffix->first;
        } else {
            throw std::runtime_error(what + ": " + quoteText(item) +
                                     " is not a seed, a range A-B, a position X:Y or a W file (.npy or .npz)");
        }
        counted(entry.file ? 1 : entry.sources.size());
        out.push_back(std::move(entry));
    }
    if (!spec.empty() && spec.back() == ',') throw std::runtime_error(what + ": empty item in " + quoteText(spec));
    return out;
}

std::vector<Source> resolveSourceList(const std::vector<SourceListItem>& items, int num_ws, int w_dim, int class_index) {
    std::vector<Source> out;
    for (const SourceListItem& item : items) {
        if (!item.file) {
            for (Source s : item.sources) {
                s.class_index = class_index;
                out.push_back(std::move(s));
            }
            continue;
        }
        const std::vector<WArrayPtr> ws = wArraysFor(*item.file, num_ws, w_dim);
        if (item.file_index >= static_cast<int>(ws.size()))
            throw std::runtime_error(displayPath(item.file->path) + "[" + std::to_string(item.file_index) + "]: the file holds " +
                                     std::to_string(ws.size()) + " w" + (ws.size() == 1 ? "" : "s") + " (0-" +
                                     std::to_string(ws.size() - 1) + ")");
        for (std::size_t i = 0; i < ws.size(); ++i) {
            if (item.file_index >= 0 && static_cast<int>(i) != item.file_index) continue;
            WOrigin origin{item.file->path, item.file->sha256, static_cast<int>(i), static_cast<int>(ws.size())};
            out.push_back(Source::ws(makeWArray(ws[i]->name, ws[i]->num_ws, ws[i]->w_dim, ws[i]->values, std::move(origin))));
        }
    }
    return out;
}

std::string sourceText(const Source& s) {
    switch (s.kind) {
        case Source::Kind::Seed: return std::to_string(s.seed);
        case Source::Kind::Position: return formatNumber(s.x) + ":" + formatNumber(s.y);
        case Source::Kind::Ws: {
            const WOrigin& o = s.ws_array->origin;
            const std::string path = o.path.empty() ? s.ws_array->name : o.path;
            return o.count > 1 ? path + "[" + std::to_string(o.index) + "]" : path;
        }
    }
    return {};
}

}  // namespace stylemix

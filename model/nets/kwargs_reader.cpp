#include "model/nets/kwargs_reader.h"

#include "model/io/message_text.h"
#include "model/io/strict_json.h"

#include <cmath>
#include <cstdio>

namespace stylemix {
namespace {

std::string numberText(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

}  // namespace

KwargsReader::KwargsReader(std::string source, std::string what) : source_(std::move(source)), what_(std::move(what)) {}

std::runtime_error KwargsReader::error(const std::string& message) const {
    return std::runtime_error(source_ + ": " + what_ + ": " + message);
}

void KwargsReader::mustBe(const std::string& key, const char* kind, const nlohmann::json& v) const {
    throw error("'" + key + "' must be " + kind + ", got " + jsonPreview(v));
}

nlohmann::json KwargsReader::parseObject(const std::string& json_text) const {
    nlohmann::json j = parseJsonText(json_text, source_ + ": " + what_);
    if (!j.is_object()) throw error("expected a JSON object, got " + jsonPreview(j));
    return j;
}

int KwargsReader::integer(const nlohmann::json& v, const std::string& key, long long lo, long long hi) const {
    const bool integral_float = v.is_number_float() && std::isfinite(v.get<double>()) && std::floor(v.get<double>()) == v.get<double>();
    if (!v.is_number_integer() && !integral_float) mustBe(key, "an integer", v);
    // Compared as doubles: exact for every bound used here, and no unsigned wrap-around.
    const double x = v.get<double>();
    if (x < static_cast<double>(lo) || x > static_cast<double>(hi))
        throw error("'" + key + "' = " + jsonPreview(v) + " is out of range (expected " + std::to_string(lo) + ".." + std::to_string(hi) + ")");
    return static_cast<int>(x);
}

double KwargsReader::number(const nlohmann::json& v, const std::string& key, double lo, double hi) const {
    if (!v.is_number()) mustBe(key, "a number", v);
    const double x = v.get<double>();
    if (!std::isfinite(x) || x < lo || x > hi)
        throw error("'" + key + "' = " + jsonPreview(v) + " is out of range (expected " + numberText(lo) + ".." + numberText(hi) + ")");
    return x;
}

double KwargsReader::number(const nlohmann::json& v, const std::string& key) const {
    if (!v.is_number()) mustBe(key, "a number", v);
    if (!std::isfinite(v.get<double>())) mustBe(key, "a finite number", v);
    return v.get<double>();
}

double KwargsReader::positiveNumber(const nlohmann::json& v, const std::string& key) const {
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() <= 0) mustBe(key, "a positive number", v);
    return v.get<double>();
}

bool KwargsReader::boolean(const nlohmann::json& v, const std::string& key) const {
    if (!v.is_boolean()) mustBe(key, "true or false", v);
    return v.get<bool>();
}

std::string KwargsReader::string(const nlohmann::json& v, const std::string& key) const {
    if (!v.is_string()) mustBe(key, "a string", v);
    return v.get<std::string>();
}

const nlohmann::json& KwargsReader::object(const nlohmann::json& v, const std::string& key) const {
    if (!v.is_object()) mustBe(key, "an object", v);
    return v;
}

void KwargsReader::require(const nlohmann::json& obj, const std::string& key) const {
    if (!obj.contains(key)) throw error("missing required key '" + key + "'");
}

void KwargsReader::unknownKey(const std::string& key, const std::string& owner) const {
    throw error("unknown key " + quoteText(key) + " (not a " + owner + " argument)");
}

ModelDescription describeBasics(const DescriptionBasics& b) {
    ModelDescription d;
    d.family = b.family;
    d.family_label = b.family_label;
    d.z_dim = b.z_dim;
    d.c_dim = b.c_dim;
    d.w_dim = b.w_dim;
    d.img_resolution = b.img_resolution;
    d.img_channels = b.img_channels;
    d.num_ws = b.num_ws;
    d.coarse = coarseRange(b.num_ws);
    d.middle = middleRange(b.num_ws);
    d.fine = fineRange(b.num_ws);
    return d;
}

}  // namespace stylemix

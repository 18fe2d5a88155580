// Reading a recipe's JSON fields with errors that name the field's path inside
// the recipe: "<source>: recipe field 'mix.rows[0].seed' is missing".
// Torch-free; shared by recipe.cpp and recipe_sources.cpp.
#pragma once

#include "model/io/strict_json.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace stylemix {

struct RecipeFields {
    std::string source;   // the recipe's name in messages (its file)

    [[noreturn]] void fail(const std::string& path, const std::string& what) const {
        throw std::runtime_error(source + ": recipe field '" + path + "' " + what);
    }
    // `prefix` ends with '.' (or is empty at the top level): the missing field is prefix + key.
    const nlohmann::json& at(const nlohmann::json& j, const std::string& key, const std::string& prefix) const {
        if (!j.is_object() || !j.contains(key)) fail(prefix + key, "is missing");
        return j.at(key);
    }
    double number(const nlohmann::json& j, const std::string& path) const {
        if (!j.is_number()) fail(path, "must be a number, got " + jsonPreview(j));
        return j.get<double>();
    }
    std::int64_t integer(const nlohmann::json& j, const std::string& path, std::int64_t lo, std::int64_t hi) const {
        if (!j.is_number_integer()) fail(path, "must be an integer, got " + jsonPreview(j));
        if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(hi))
            fail(path, "= " + std::to_string(j.get<std::uint64_t>()) + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        const auto v = j.get<std::int64_t>();
        if (v < lo || v > hi) fail(path, "= " + std::to_string(v) + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        return v;
    }
    bool boolean(const nlohmann::json& j, const std::string& path) const {
        if (!j.is_boolean()) fail(path, "must be true or false, got " + jsonPreview(j));
        return j.get<bool>();
    }
    std::string string(const nlohmann::json& j, const std::string& path) const {
        if (!j.is_string()) fail(path, "must be a string, got " + jsonPreview(j));
        return j.get<std::string>();
    }
};

}  // namespace stylemix

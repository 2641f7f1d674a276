using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Persistence;

/// <summary>Every DateTime in the model is UTC; this restores the Kind the database forgets.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

public sealed class StringDictionaryJsonConverter() : ValueConverter<Dictionary<string, string>, string>(
    v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
    v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new Dictionary<string, string>());

public sealed class StringDictionaryComparer() : ValueComparer<Dictionary<string, string>>(
    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
    v => v.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key.GetHashCode(), pair.Value.GetHashCode())),
    v => new Dictionary<string, string>(v));

/// <summary>Provider kinds are stored by name, so a module added later needs no schema change.</summary>
public sealed class ProviderKindConverter() : ValueConverter<ProviderKind, string>(
    v => v.Name,
    v => new ProviderKind(v));

/// <summary>A small value object kept as one JSON column (a campaign's audience and variants).</summary>
public sealed class JsonColumnConverter<T>() : ValueConverter<T, string>(
    v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
    v => JsonSerializer.Deserialize<T>(v, JsonSerializerOptions.Default)!) where T : class;

public sealed class JsonColumnComparer<T>() : ValueComparer<T>(
    (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Default) == JsonSerializer.Serialize(b, JsonSerializerOptions.Default),
    v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default).GetHashCode(),
    v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonSerializerOptions.Default), JsonSerializerOptions.Default)!) where T : class;

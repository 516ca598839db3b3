namespace Liuyu.Domain;

/// <summary>Identifier of a party (区县, 市级财政, 省). Ordinal comparison.</summary>
public readonly record struct PartyId(string Value) : IComparable<PartyId>
{
    public int CompareTo(PartyId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
}

/// <summary>Identifier of a river (河流).</summary>
public readonly record struct RiverId(string Value) : IComparable<RiverId>
{
    public int CompareTo(RiverId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
}

/// <summary>Identifier of a compensation section (补偿断面).</summary>
public readonly record struct SectionId(string Value) : IComparable<SectionId>
{
    public int CompareTo(SectionId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
}

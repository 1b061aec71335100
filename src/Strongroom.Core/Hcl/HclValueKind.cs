using System.Diagnostics.CodeAnalysis;

namespace Strongroom.Core.Hcl;

/// <summary>The kind of an <see cref="HclValue"/>, named after HCL's own type names.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "HCL's type names are string and object.")]
public enum HclValueKind
{
    String,
    Number,
    Bool,
    Null,
    List,
    Object,
}

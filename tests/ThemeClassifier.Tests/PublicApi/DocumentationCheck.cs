using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace ThemeClassifier.Tests.PublicApi;

/// <summary>
/// Finds the public methods, constructors and delegates whose XML documentation lacks a <c>&lt;param&gt;</c> for a
/// parameter (the compiler's CS1573 only checks members that document some of them) or, returning a value, a
/// <c>&lt;returns&gt;</c>. Members documented with
/// <c>&lt;inheritdoc/&gt;</c> and compiler-generated ones (record <c>Deconstruct</c>, <c>Equals</c>) count as documented.
/// </summary>
internal static class DocumentationCheck
{
    /// <summary>The documentation ids of the public members with an undocumented parameter or return value.</summary>
    public static IReadOnlyList<string> Undocumented(Assembly assembly)
    {
        var xml = Path.ChangeExtension(assembly.Location, ".xml");
        var docs = XDocument.Load(xml).Descendants("member").ToDictionary(m => (string)m.Attribute("name")!);
        var missing = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            if (typeof(Delegate).IsAssignableFrom(type))
            {
                Check("T:" + TypeName(type), type.GetMethod("Invoke")!);
                continue;
            }

            const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = type.GetMethods(Declared).Where(m => !m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal)).Cast<MethodBase>()
                .Concat(type.GetConstructors(Declared));
            foreach (var member in members.Where(m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !m.IsDefined(typeof(CompilerGeneratedAttribute))))
            {
                Check(MemberId(member), member);
            }
        }

        return missing;

        void Check(string id, MethodBase member)
        {
            var parameters = member.GetParameters();
            var returnsValue = member is MethodInfo method && method.ReturnType != typeof(void);
            if (parameters.Length == 0 && !returnsValue)
            {
                return;
            }

            if (!docs.TryGetValue(id, out var doc))
            {
                missing.Add(id + " (no documentation)");
                return;
            }

            var documented = doc.Elements("param").Select(p => (string?)p.Attribute("name")).ToHashSet();
            var absent = parameters.Select(p => p.Name).Where(n => !documented.Contains(n)).ToList();
            if (returnsValue && doc.Element("returns") is null)
            {
                absent.Add("<returns>");
            }

            if (doc.Element("inheritdoc") is null && absent.Count > 0)
            {
                missing.Add($"{id}: {string.Join(", ", absent)}");
            }
        }
    }

    private static string MemberId(MethodBase member)
    {
        var name = member.IsConstructor ? "#ctor" : member.Name;
        var arity = member.IsGenericMethod ? "``" + member.GetGenericArguments().Length : string.Empty;
        var parameters = member.GetParameters();
        var list = parameters.Length == 0 ? string.Empty : "(" + string.Join(",", parameters.Select(p => TypeName(p.ParameterType))) + ")";
        return $"M:{TypeName(member.DeclaringType!)}.{name}{arity}{list}";
    }

    /// <summary>A type as XML documentation ids write it (generic arguments in braces, ``n for a method's type parameter).</summary>
    private static string TypeName(Type type)
    {
        if (type.IsGenericParameter)
        {
            return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        }

        if (type.IsByRef)
        {
            return TypeName(type.GetElementType()!) + "@";
        }

        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!) + "[]";
        }

        var outer = type.IsNested ? TypeName(type.DeclaringType!) + "." : (type.Namespace is null ? string.Empty : type.Namespace + ".");
        if (!type.IsGenericType || type.IsGenericTypeDefinition)
        {
            return outer + type.Name;
        }

        var plain = type.Name.Split('`')[0];
        return outer + plain + "{" + string.Join(",", type.GetGenericArguments().Select(TypeName)) + "}";
    }
}

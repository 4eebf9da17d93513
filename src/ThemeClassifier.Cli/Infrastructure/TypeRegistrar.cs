using Spectre.Console.Cli;

namespace ThemeClassifier.Cli.Infrastructure;

/// <summary>A minimal container: registrations (several per service), IEnumerable of them, and constructor injection.</summary>
internal sealed class TypeRegistrar : ITypeRegistrar
{
    private readonly Dictionary<Type, List<Func<Resolver, object?>>> _registrations = [];

    public void Register(Type service, Type implementation) => Add(service, r => r.Create(implementation));

    public void RegisterInstance(Type service, object implementation) => Add(service, _ => implementation);

    public void RegisterLazy(Type service, Func<object> factory)
    {
        var lazy = new Lazy<object>(factory);
        Add(service, _ => lazy.Value);
    }

    public ITypeResolver Build() => new Resolver(this);

    private void Add(Type service, Func<Resolver, object?> factory)
    {
        if (!_registrations.TryGetValue(service, out var list))
        {
            _registrations[service] = list = [];
        }

        list.Add(factory);
    }

    internal sealed class Resolver(TypeRegistrar registrar) : ITypeResolver
    {
        public object? Resolve(Type? type)
        {
            if (type is null)
            {
                return null;
            }

            if (registrar._registrations.TryGetValue(type, out var factories))
            {
                return factories[^1](this);
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                var element = type.GetGenericArguments()[0];
                var all = registrar._registrations.TryGetValue(element, out var list) ? list.Select(f => f(this)).ToArray() : [];
                var array = Array.CreateInstance(element, all.Length);
                for (var i = 0; i < all.Length; i++)
                {
                    array.SetValue(all[i], i);
                }

                return array;
            }

            return type.IsAbstract || type.IsInterface ? null : Create(type);
        }

        public object Create(Type type)
        {
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            return constructor.Invoke(constructor.GetParameters().Select(p => Resolve(p.ParameterType)).ToArray());
        }
    }
}

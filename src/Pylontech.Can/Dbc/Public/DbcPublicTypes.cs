// The DBC model's classes are shared source with the source generator, where they are internal.
// These declarations make them public in Pylontech.Can.
namespace Pylontech.Can.Dbc;

public partial record struct DbcLocation;

public partial record DbcDiagnostic;

public partial record DbcValueDescription;

public partial record DbcValueTable;

public partial record DbcNode;

public partial record DbcAttributeDefinition;

public partial class DbcSignal;

public partial class DbcMessage;

public partial class DbcFile;
